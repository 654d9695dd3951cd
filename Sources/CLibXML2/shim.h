#ifndef PORTAIL_CLIBXML2_SHIM_H
#define PORTAIL_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian's libxml2 headers pull in the system ICU, which clashes with the Swift toolchain's ICU in any
   module that also imports Foundation. Portail never needs libxml2's ICU support. */
#undef LIBXML_ICU_ENABLED

#include <stdlib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>

/* xmlFree is a global function pointer, which Swift 6 rejects as unsafe shared state. */
static inline void portail_xml_free(void *pointer) { xmlFree(pointer); }

#endif
