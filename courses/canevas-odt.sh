#!/bin/sh
# Regenerates the OpenDocument (.odt) version of every workshop canvas from its printable HTML page,
# beside it: courses/<course>/canevas/<name>.html -> courses/<course>/canevas/<name>.odt
# (A3 posters, *-a3.html, are skipped: their A4 canvas has the .odt).
# Run it from anywhere after editing a canvas, then commit the .odt files with the HTML ones:
#   sh courses/canevas-odt.sh                 # every canvas
#   sh courses/canevas-odt.sh path/to/x.html  # only these pages
# Needs LibreOffice Writer (Debian: apt-get install libreoffice-writer-nogui).
# The HTML import of Writer ("HTML (StarWriter)") gives an editable text document (.odt, filter
# writer8) with the same headings, help text and tables; the page format is A4.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
if [ "$#" -eq 0 ]; then set -- "$here"/*/canevas/*.html; fi
for page in "$@"; do
  case "$page" in *-a3.html) continue ;; esac  # posters: the A4 canvas beside them has the .odt
  soffice --headless --norestore -env:UserInstallation="file://$profile" \
    --infilter="HTML (StarWriter)" --convert-to odt:writer8 \
    --outdir "$(dirname "$page")" "$page"
done
