;;; e2e-eglot.el --- End-to-end test of pyworkers-lsp.el with Eglot  -*- lexical-binding: t; -*-

;; PYWORKERS_LSP=/path/to/pyworkers-lsp emacs --batch -l editors/emacs/test/e2e-eglot.el
;; Checks that a Python file outside any Worker keeps the server Eglot used before (and is
;; not started by us), then opens a Worker, waits for Flymake to show PW202 from the server,
;; applies the quick fix through `eglot-code-actions' and checks the buffer.  Exits non-zero
;; on any failure.

;;; Code:

(require 'package)
(package-initialize)                    ; elpa-eglot on Emacs 28 (no -Q: site dirs); built in from 29
(require 'eglot)
(require 'flymake)
(declare-function eglot--signal-textDocument/didChange "eglot")
(declare-function eglot--guess-contact "eglot")

(defvar e2e-here (file-name-directory (or load-file-name buffer-file-name)))
(load (expand-file-name "../pyworkers-lsp.el" e2e-here) nil t)
(load (expand-file-name "e2e-common.el" e2e-here) nil t)

(defun e2e-pw202 ()
  "The Flymake diagnostic for PW202 in this buffer, if any."
  (cl-find-if (lambda (d) (string-match-p "\\[PW202\\]" (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(defconst e2e-previous '("previous-python-server" "--stdio")
  "The user's Python server before pyworkers-lsp is set up.")

(defun e2e-contact (file)
  "The server command Eglot would start for FILE (visited, then killed)."
  (with-current-buffer (find-file-noselect file)
    (prog1 (cl-find-if (lambda (x) (and (consp x) (stringp (car x))))
                       (eglot--guess-contact))
      (set-buffer-modified-p nil)
      (kill-buffer))))

(defun e2e-outside-and-inside (root)
  "A plain Python file keeps the previous server; a Worker file gets pyworkers-lsp."
  (let* ((plain-dir (e2e-plain-dir))
         (plain (expand-file-name "app.py" plain-dir)))
    (with-temp-file plain (insert "import random\nx = random.random()\n"))
    (e2e-check (equal (e2e-contact plain) e2e-previous)
               "outside a Worker Eglot keeps the previous Python server" (e2e-contact plain))
    (let ((contact (e2e-contact (expand-file-name "src/entry.py" root))))
      (e2e-check (and (equal (car contact) pyworkers-lsp-command)
                      (equal (seq-take (cdr contact) 2) '("serve" "--stdio")))
                 "inside a Worker Eglot starts pyworkers-lsp" contact))
    (find-file plain)
    (run-hooks 'post-command-hook)
    (e2e-wait (lambda () nil) 0.5)
    (e2e-check (not (bound-and-true-p eglot--managed-mode))
               "pyworkers-lsp starts nothing for a plain Python file")
    (set-buffer-modified-p nil)
    (kill-buffer)
    (delete-directory plain-dir t)))

(defun e2e-run ()
  (let* ((root (e2e-make-worker))
         (entry (expand-file-name "src/entry.py" root)))
    (setq pyworkers-lsp-command (or (getenv "PYWORKERS_LSP") "pyworkers-lsp"))
    ;; The user's own Python server, configured before pyworkers-lsp.
    (push (cons '(python-mode python-ts-mode) e2e-previous) eglot-server-programs)
    ;; The temporary Worker has no VCS, so project.el would make src/ the
    ;; project and the workspace would not contain wrangler.toml: make the
    ;; Worker directory the project, as a repository root would be.
    (add-hook 'project-find-functions (lambda (_dir) (cons 'transient root)))
    (pyworkers-lsp-eglot-setup)
    (pyworkers-lsp-eglot-setup)         ; twice: still one entry per mode group
    (e2e-check (= 2 (cl-count #'pyworkers-lsp--eglot-contact eglot-server-programs :key #'cdr))
               "setup is idempotent")
    (e2e-outside-and-inside root)
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

(e2e-main "eglot" #'e2e-run)

;;; e2e-eglot.el ends here
