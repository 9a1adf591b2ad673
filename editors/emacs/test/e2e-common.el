;;; e2e-common.el --- Shared parts of the Emacs end-to-end tests  -*- lexical-binding: t; -*-

;;; Commentary:

;; The Worker fixture, the check of a fixed buffer, and a tiny ok/not-ok reporter.

;;; Code:

(require 'cl-lib)
(require 'seq)

(defvar e2e-failures 0)

(defun e2e-check (ok what &optional detail)
  "Report WHAT as passed when OK, else count a failure and print DETAIL."
  (if ok
      (message "ok - %s" what)
    (cl-incf e2e-failures)
    (message "not ok - %s%s" what (if detail (format ": %s" detail) "")))
  ok)

(defun e2e-wait (pred seconds)
  "Let processes and timers run until PRED holds or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) seconds))
        result)
    (while (and (not (setq result (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    result))

(defconst e2e-worker
  "from pyodide.ffi import to_js
from workers import WorkerEntrypoint, Response
import js

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        headers = to_js({\"content-type\": \"text/plain\"})
        return js.Response.json(headers)
")

(defun e2e-make-worker ()
  "Write a Worker (wrangler.toml + src/entry.py) to a new directory and return it."
  (let ((root (file-name-as-directory (make-temp-file "pyworkers-emacs-" t))))
    (make-directory (expand-file-name "src" root) t)
    (with-temp-file (expand-file-name "wrangler.toml" root)
      (insert "name = \"hello-python\"\nmain = \"src/entry.py\"\n"
              "compatibility_date = \"2025-09-01\"\ncompatibility_flags = [\"python_workers\"]\n"))
    (with-temp-file (expand-file-name "src/entry.py" root) (insert e2e-worker))
    root))

(defun e2e-plain-dir ()
  "A new directory with no wrangler config in or above it (a stray
/tmp/wrangler.toml would put every temporary file inside a Worker)."
  (let ((base (cl-find-if-not #'pyworkers-lsp-worker-root
                              (list temporary-file-directory "/var/tmp/" "/dev/shm/"))))
    (unless base (error "Every temporary directory has a wrangler config above it"))
    (let ((temporary-file-directory base))
      (file-name-as-directory (make-temp-file "pyworkers-plain-" t)))))

(defun e2e-bad-fix (text)
  "Why TEXT is not a correctly fixed Worker, or nil.
The call gains dict_converter=CONVERTER, and CONVERTER's name is bound by the
existing `import js' (js.Object) or by exactly one added `from js import Object'."
  (let* ((lines (split-string text "\n"))
         (head (seq-take-while (lambda (l) (not (string-prefix-p "class Default" l))) lines))
         (converter
          (seq-some (lambda (l)
                      (and (string-match "\\`        headers = to_js({\"content-type\": \"text/plain\"}, dict_converter=\\([A-Za-z.]+\\)\\.fromEntries)\\'" l)
                           (match-string 1 l)))
                    lines)))
    (pcase converter
      ("js.Object" (unless (member "import js" head) "js.Object without import js"))
      ("Object" (unless (= 1 (seq-count (lambda (l) (equal l "from js import Object")) head))
                  "Object without exactly one from js import Object"))
      (_ "the to_js call is not fixed"))))

(defun e2e-main (client run)
  "Call RUN, report an error as a failure, print the tally for CLIENT and exit."
  (e2e-check (e2e-bad-fix e2e-worker) "the fix check rejects the unfixed Worker")
  (condition-case err
      (funcall run)
    (error (e2e-check nil "test ran without an error" (error-message-string err))))
  (message "emacs %s %s: %d failed" emacs-version client e2e-failures)
  (kill-emacs (if (zerop e2e-failures) 0 1)))

(provide 'e2e-common)
;;; e2e-common.el ends here
