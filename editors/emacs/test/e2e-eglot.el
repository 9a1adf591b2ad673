;;; e2e-eglot.el --- End-to-end test of pyworkers-lsp.el with Eglot  -*- lexical-binding: t; -*-

;; PYWORKERS_LSP=/path/to/pyworkers-lsp emacs --batch -l editors/emacs/test/e2e-eglot.el
;; Opens a Worker, waits for Flymake to show PW202 from the server, applies the quick fix
;; through `eglot-code-actions' and checks the buffer.  Exits non-zero on any failure.

;;; Code:

(require 'package)
(package-initialize)                    ; elpa-eglot on Emacs 28 (no -Q: site dirs); built in from 29
(require 'cl-lib)
(require 'seq)
(require 'eglot)
(require 'flymake)
(declare-function eglot--signal-textDocument/didChange "eglot")

(defvar e2e-here (file-name-directory (or load-file-name buffer-file-name)))
(load (expand-file-name "../pyworkers-lsp.el" e2e-here) nil t)

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
        return Response(\"ok\", headers=headers)
")

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

(defun e2e-pw202 ()
  "The Flymake diagnostic for PW202 in this buffer, if any."
  (cl-find-if (lambda (d) (string-match-p "\\[PW202\\]" (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(defun e2e-run ()
  (let* ((root (make-temp-file "pyworkers-emacs-" t))
         (entry (expand-file-name "src/entry.py" root)))
    (make-directory (file-name-directory entry) t)
    (with-temp-file (expand-file-name "wrangler.toml" root)
      (insert "name = \"hello-python\"\nmain = \"src/entry.py\"\n"
              "compatibility_date = \"2025-11-01\"\ncompatibility_flags = [\"python_workers\"]\n"))
    (with-temp-file entry (insert e2e-worker))
    (setq pyworkers-lsp-command (or (getenv "PYWORKERS_LSP") "pyworkers-lsp"))
    (pyworkers-lsp-eglot-setup)
    (find-file entry)
    (e2e-check (eq major-mode 'python-mode) "entry.py opens in python-mode")
    ;; eglot-ensure connects from post-command-hook; batch mode has no command loop.
    (run-hooks 'post-command-hook)
    (e2e-check (e2e-wait (lambda () (bound-and-true-p eglot--managed-mode)) 15)
               "Eglot manages the Worker buffer")
    (let ((diag (e2e-wait (lambda () (or (e2e-pw202) (progn (flymake-start) nil))) 15)))
      (when (e2e-check diag "Flymake shows PW202"
                       (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
        (let* ((line (nth 6 (split-string e2e-worker "\n")))
               (call-start (save-excursion
                             (goto-char (point-min))
                             (forward-line 6)
                             (+ (point) (string-match-p "to_js(" line))))
               (call-end (save-excursion (goto-char (point-min)) (forward-line 6) (line-end-position))))
          (e2e-check (and (= (flymake-diagnostic-beg diag) call-start)
                          (= (flymake-diagnostic-end diag) call-end))
                     "PW202 covers the to_js(...) call"
                     (list (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag) call-start call-end))
          (e2e-check (string-prefix-p "pyworkers [PW202]: " (flymake-diagnostic-text diag))
                     "message carries source and code" (flymake-diagnostic-text diag))
          (e2e-check (e2e-bad-fix e2e-worker) "the fix check rejects the unfixed Worker")
          ;; M-x eglot-code-actions on the call, picking the dict_converter fix from the menu.
          (goto-char (+ call-start 2))
          (let ((offered nil)
                (last-nonmenu-event 13))  ; a key, not a mouse click: completing-read, no popup
            (cl-letf (((symbol-function 'completing-read)
                       (lambda (_prompt items &rest _)
                         (setq offered (mapcar #'car items))
                         (or (cl-find-if (lambda (title) (string-match-p "dict_converter" title))
                                         offered)
                             (car offered)))))
              (eglot-code-actions (point) (point) "quickfix" t))
            (e2e-wait (lambda () (null (e2e-bad-fix (buffer-string)))) 5)
            (e2e-check (null (e2e-bad-fix (buffer-string)))
                       "quick fix adds dict_converter=...Object.fromEntries with its import"
                       (format "%s; offered %S\n%s" (e2e-bad-fix (buffer-string)) offered (buffer-string))))
          ;; Eglot sends didChange from an idle timer, and batch Emacs is never idle.
          (eglot--signal-textDocument/didChange)
          (e2e-check (e2e-wait (lambda () (progn (flymake-start) (null (e2e-pw202)))) 10)
                     "PW202 is gone after the fix"))))
    (let ((server (eglot-current-server)))
      (when server (eglot-shutdown server)))
    (set-buffer-modified-p nil)
    (delete-directory root t)))

(condition-case err
    (e2e-run)
  (error (e2e-check nil "test ran without an error" (error-message-string err))))
(message "emacs %s eglot: %d failed" emacs-version e2e-failures)
(kill-emacs (if (zerop e2e-failures) 0 1))

;;; e2e-eglot.el ends here
