#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image
# (Ubuntu, as root), from /autograder/source. See docs/grading.md.
set -euo pipefail

GO_VERSION=1.26.0   # the Go the course is written for

apt-get update
apt-get install -y --no-install-recommends bubblewrap gcc libc6-dev ca-certificates curl
curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz" | tar -C /usr/local -xz
export PATH=/usr/local/go/bin:$PATH
chmod +x /autograder/source/workbook /autograder/source/run_autograder

cd /autograder/source
# Prove the sandbox in this image, and warm the build cache (the
# race-enabled standard library) by verifying the exercises: each
# submission then compiles in seconds.
TMPDIR=/tmp ./workbook grade --selftest
TMPDIR=/tmp ./workbook exercises verify
