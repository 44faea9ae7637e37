#!/usr/bin/env bash
# Build a Gradescope autograder zip for one exercise:
#
#   docs/gradescope/make-autograder.sh NAME [course.json]
#
# run from the workbook's root. It writes autograder-NAME.zip holding
# setup.sh, run_autograder, the workbook binary (linux/amd64), the
# exercise and its solution (with the hidden tests), and the course file.
set -euo pipefail
name=${1:?usage: make-autograder.sh NAME [course.json]}
course=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
id=$(cd exercises && ls -d */"$name")   # NN-slug/NAME
out=$PWD/autograder-$name.zip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

GOOS=linux GOARCH=amd64 go build -o "$tmp/workbook" ./cmd/workbook
cp "$here/setup.sh" "$tmp/setup.sh"
sed "s/@EXERCISE@/$name/" "$here/run_autograder" > "$tmp/run_autograder"
chmod +x "$tmp/setup.sh" "$tmp/run_autograder" "$tmp/workbook"
mkdir -p "$tmp/exercises/$(dirname "$id")" "$tmp/solutions/$(dirname "$id")"
cp -r "exercises/$id" "$tmp/exercises/$id"
cp -r "solutions/$id" "$tmp/solutions/$id"
if [ -n "$course" ]; then cp "$course" "$tmp/course.json"; fi
rm -f "$out"
(cd "$tmp" && zip -qr "$out" .)
echo "wrote $out"
