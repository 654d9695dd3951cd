#ifndef PORTAIL_CZLIB_SHIM_H
#define PORTAIL_CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 is a macro; Swift cannot call macros. */
static inline int portail_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

static inline int portail_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}

#endif
