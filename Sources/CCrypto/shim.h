#ifndef PORTAIL_CCRYPTO_SHIM_H
#define PORTAIL_CCRYPTO_SHIM_H

#include <openssl/sha.h>
#include <openssl/evp.h>

#endif
