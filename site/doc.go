// Package site builds the workbook's static site and serves it while
// authors write (issue 4). It is the library behind "workbook build" and
// "workbook serve".
//
// # Building
//
// A Builder loads the book's chapters (package chapter parses each once;
// its syntax tree is what is rendered), runs their snippets through a
// runner.Runner — which serves unchanged snippets from the results cache
// and, with ReuseTimings, unchanged measurements from the timing store —
// and renders one page per chapter, a home page with the table of
// contents, a search page and index, and the static files. Prose goes
// through goldmark (GitHub Flavored Markdown, footnotes, an id and an
// anchor on every heading); in place of each Go fence the page shows the
// snippet highlighted by chroma (CSS classes; GitHub's light and dark
// styles follow prefers-color-scheme or the reader's toggle), lines marked
// OMIT hidden, and under it the output the run printed, its verdict
// (passed, expected failure, measured, cached), what a check that is not
// exact accepts, and for measured snippets the table, claims, charts
// (package figures, inline SVG) and provenance. A {{measured ID QUANTITY}}
// reference in the prose renders the figure from the same measurement. An
// exercise folder of the chapter appears on its page with its README and
// the rubric as package grade loads it. Templates and static files are
// embedded; reading a page needs no JavaScript.
//
// A failing snippet or a reference with no measurement is an error
// "file:line: message" (all of them at once), unless Options.KeepGoing,
// which renders the failure on the page. Nothing is written then: a build
// writes the whole site into a new directory beside Options.Out and swaps
// it in with two renames, so a reader sees the old site or the new one.
//
// Builds are incremental at two levels. A Builder remembers each chapter by
// the hash of its source and neither parses nor runs an unchanged chapter
// again; and every page's inputs (the assets' version, the chapter source,
// its results, its neighbours' titles, its exercises) are hashed into the
// manifest .workbook-build.json of the site, so a page whose hash is
// unchanged is hard-linked from the previous site instead of rendered. A
// new process (workbook build again) therefore re-renders nothing that did
// not change.
//
// # Serving
//
// A Server serves the last good site and rebuilds on each batch of changed
// paths that a Watcher reports: fsnotify events under the chapters,
// exercises, solutions (and --assets) directories, with new directories
// watched as they appear, Chmod-only events and editors' temporary files
// dropped, and bursts (an atomic save) batched until the tree is quiet.
// Each page it serves is stamped with the id of its build; an open page
// listens on /_wb/events (Server-Sent Events) and reloads when a newer
// build is announced. While the book does not build, every page is an
// error page listing the errors with file:line, which reloads by itself
// once a build succeeds.
//
// Under serve every snippet has Run and Edit buttons. A run is a POST of
// JSON to /_wb/run; its output streams back as newline-delimited JSON and
// ends with the snippet's figure rendered from the new result, a measured
// snippet measured again. Runs use the server's Runner, so the same
// engines and limits as "workbook run", and its measurement lane, so a
// measurement never shares the machine with another run. At most
// ServeOptions.MaxRuns run at once; the rest queue. The server answers
// requests for loopback or private hosts only (a DNS-rebinding page sends
// its own Host) and runs for same-origin JSON requests only (a
// cross-origin page cannot send one without a preflight, which is never
// answered).
package site
