// zlib (Debian's zlib1g-dev): deflate for the .xlsx writer, crc32 for its zip entries.
#include <zlib.h>
