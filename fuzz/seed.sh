#!/bin/sh
# Seeds each fuzz target's corpus with the repository's fixtures of the kind it reads.
set -e
cd "$(dirname "$0")"
fixtures=../tests/fixtures
for target in decode split header detect values xlsx xls ods import; do
    mkdir -p "corpus/$target"
done
find "$fixtures" -type f \( -name '*.csv' -o -name '*.tsv' -o -name '*.txt' \) -size -200k |
    while read -r f; do
        for target in decode split header detect import; do cp "$f" "corpus/$target/"; done
    done
find "$fixtures" -type f -name '*.xlsx' -size -400k -exec cp {} corpus/xlsx/ \; -exec cp {} corpus/import/ \;
find "$fixtures" -type f -name '*.xls' -size -400k -exec cp {} corpus/xls/ \;
find "$fixtures" -type f -name '*.ods' -size -400k -exec cp {} corpus/ods/ \;
printf '%s\n' '1.234,56' '€ 1.234,56' '(12.00)' '12-' '12/03/2026' '2026-03-12T10:22:01.000Z' \
    'Mar 12, 2026 10:22:01 AM' '12-Mar-26' '20260312' '9/10' '4,5 stelle' '1700000000' |
    while read -r v; do printf '%s' "$v" > "corpus/values/$(printf '%s' "$v" | md5sum | cut -c1-12)"; done
echo "seeded: $(ls corpus/*/ | wc -l) files"
