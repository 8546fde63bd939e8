/* The C templates (templates/), embedded as NUL-terminated strings so the engine carries them
 * without reading files at run time. #embed is C23; clang accepts it in every C mode. */
#include "CWALINativeRuntime.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const char template_helpers[] = {
#embed "templates/helpers.h"
    , 0
};

static const char template_simd[] = {
#embed "templates/simd.h"
    , 0
};

static const char template_table_grow[] = {
#embed "templates/table_grow.c"
    , 0
};

const char *wali_rt_template_helpers(void) { return template_helpers; }
const char *wali_rt_template_simd(void) { return template_simd; }
const char *wali_rt_template_table_grow(void) { return template_table_grow; }
