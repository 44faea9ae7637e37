package grade

import "syscall"

// noFollow makes opening a submitted file fail if it is a symbolic link
// swapped in after the folder was listed; the os.Root it is opened in
// already keeps any link from leading outside the submission.
const noFollow = syscall.O_NOFOLLOW
