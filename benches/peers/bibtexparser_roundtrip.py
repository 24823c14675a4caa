"""bibtexparser v2's equivalent of an import and export: parse a .bib file with the default
middlewares and write the library back out. Usage: bibtexparser_roundtrip.py IN.bib OUT.bib

Prints on stderr how many entries it read and how many blocks it failed to parse, so the
runner can see that it did the whole file."""
import sys

import bibtexparser

library = bibtexparser.parse_file(sys.argv[1])
bibtexparser.write_file(sys.argv[2], library)
print(f"entries {len(library.entries)} failed {len(library.failed_blocks)}", file=sys.stderr)
