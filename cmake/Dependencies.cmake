# Dependencies, all Debian 12 packages found through pkg-config.
#   libxml-2.0   HTML/XML parsing (HN pages)              libxml2-dev
#   libutf8proc  NFKC normalization and case folding       libutf8proc-dev
#   libcjson     JSON (fastest of cJSON/json-c/jansson)   libcjson-dev
#   cmocka       unit tests (only with TM_BUILD_TESTS)     libcmocka-dev
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(CJSON REQUIRED IMPORTED_TARGET libcjson)
#   libcgraph, libgvc  graphs, layout and rendering        libgraphviz-dev
pkg_check_modules(GVC REQUIRED IMPORTED_TARGET libcgraph libgvc)
#   gmime-3.0  mail: MIME, RFC 2047 headers, charsets    libgmime-3.0-dev
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
#   libzstd, zlib  compressed inputs (.zst dumps, .gz)     libzstd-dev, zlib1g-dev
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
set(TM_DEP_TARGETS PkgConfig::LIBXML2 PkgConfig::UTF8PROC PkgConfig::CJSON PkgConfig::GVC
  PkgConfig::GMIME PkgConfig::ZSTD PkgConfig::ZLIB)
set(TM_PC_REQUIRES "libxml-2.0 libutf8proc libcjson libcgraph libgvc gmime-3.0 libzstd zlib")
