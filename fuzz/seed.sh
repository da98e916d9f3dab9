#!/bin/sh
# Fill corpus/<target>/ with seeds: the repository's fixtures and demo feed for the item
# targets, seeds/config/ for the config target. With NEWSDESK_CORPUS set (or
# ../shared/corpus present next to the repository) its real item files are added too:
# they are third-party data, copied at run time into the ignored corpus/ folder and
# never committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
for t in read_item set_published; do
    mkdir -p "$here/corpus/$t"
    # Names are flattened so fixtures of the same name in different folders both stay.
    find "$repo/tests/fixtures" "$repo/assets/demo" -type f | while read -r f; do
        rel=${f#"$repo"/}
        cp "$f" "$here/corpus/$t/$(printf '%s' "$rel" | tr '/' '_')"
    done
    shared=${NEWSDESK_CORPUS:-$repo/../shared/corpus}
    if [ -d "$shared" ]; then
        find "$shared" -type f -name '*.md' | while read -r f; do
            cp "$f" "$here/corpus/$t/shared_$(basename "$f")"
        done
    fi
done
mkdir -p "$here/corpus/config"
cp "$here"/seeds/config/*.toml "$here/corpus/config/"
for t in read_item set_published config; do
    echo "corpus/$t: $(ls "$here/corpus/$t" | wc -l) files"
done
