;;; e2e-lsp-mode.el --- End-to-end test of pyworkers-lsp.el with lsp-mode  -*- lexical-binding: t; -*-

;; PYWORKERS_LSP=/path/to/pyworkers-lsp emacs --batch -l editors/emacs/test/e2e-lsp-mode.el
;; Registers the add-on client, opens a Worker, waits for lsp-mode to hold PW202 from the
;; server, applies the quick fix and checks the buffer.  Exits non-zero on any failure.

;;; Code:

(require 'package)
(package-initialize)
(require 'cl-lib)
(require 'seq)
(require 'lsp-mode)
(declare-function lsp--client-activation-fn "lsp-mode")
(declare-function lsp--client-add-on? "lsp-mode")

(defvar e2e-here (file-name-directory (or load-file-name buffer-file-name)))
(load (expand-file-name "../pyworkers-lsp.el" e2e-here) nil t)
(load (expand-file-name "e2e-common.el" e2e-here) nil t)

(defun e2e-lsp-pw202 (file)
  "The PW202 diagnostic lsp-mode holds for FILE, if any."
  (seq-find (lambda (d) (equal (lsp:diagnostic-code? d) "PW202"))
            (gethash file (lsp-diagnostics t))))

(defun e2e-run ()
  (let* ((root (e2e-make-worker))
         (entry (expand-file-name "src/entry.py" root))
         (lsp-session-file (expand-file-name "lsp-session" root))
         (lsp-enabled-clients '(pyworkers-lsp)) ; only ours, whatever else is installed
         (lsp-auto-guess-root nil)
         (lsp-enable-file-watchers nil)
         (lsp-keep-workspace-alive nil)
         (lsp-restart 'ignore))
    (setq pyworkers-lsp-command (or (getenv "PYWORKERS_LSP") "pyworkers-lsp"))
    (pyworkers-lsp-lsp-mode-setup)
    ;; The add-on client activates inside a Worker only: a plain Python file keeps exactly the
    ;; servers lsp-mode gave it before.
    (let* ((plain-dir (e2e-plain-dir))
           (plain (expand-file-name "app.py" plain-dir))
           (client (gethash 'pyworkers-lsp lsp-clients)))
      (e2e-check (and client (lsp--client-add-on? client)) "pyworkers-lsp is an add-on client")
      (e2e-check (not (funcall (lsp--client-activation-fn client) plain 'python-mode))
                 "the client does not activate for a plain Python file")
      (e2e-check (funcall (lsp--client-activation-fn client) entry 'python-mode)
                 "the client activates for the Worker file")
      (delete-directory plain-dir t))
    (lsp-workspace-folders-add root)
    (find-file entry)
    (e2e-check lsp--buffer-deferred "python-mode-hook defers lsp for a Worker file")
    ;; lsp-deferred starts from an idle timer once the buffer is visible; batch has neither.
    (lsp)
    (e2e-check (e2e-wait (lambda () (and (bound-and-true-p lsp-mode) (lsp-workspaces))) 15)
               "lsp-mode runs pyworkers-lsp for the Worker buffer"
               (mapcar (lambda (w) (lsp--workspace-print w)) (lsp-workspaces)))
    (let ((diag (e2e-wait (lambda () (e2e-lsp-pw202 entry)) 15)))
      (when (e2e-check diag "lsp-mode holds PW202")
        (let* ((range (lsp:diagnostic-range diag))
               (start (lsp:range-start range)))
          (e2e-check (and (= (lsp:position-line start) 6)
                          (= (lsp:position-character start) 18))
                     "PW202 starts at the to_js call" (lsp--position-to-point start)))
        (goto-char (point-min))
        (forward-line 6)
        (search-forward "to_js(")
        (let* ((actions (lsp-code-actions-at-point))
               (fix (seq-find (lambda (a) (string-match-p "dict_converter" (lsp:code-action-title a)))
                              actions)))
          (when (e2e-check fix "a quick fix offers dict_converter"
                           (mapcar #'lsp:code-action-title actions))
            (lsp-execute-code-action fix)))
        (e2e-check (e2e-wait (lambda () (null (e2e-bad-fix (buffer-string)))) 5)
                   "quick fix adds dict_converter=...Object.fromEntries with its import"
                   (buffer-string))
        (e2e-check (e2e-wait (lambda () (null (e2e-lsp-pw202 entry))) 10)
                   "PW202 is gone after the fix")))
    (set-buffer-modified-p nil)
    (let ((workspace (car (lsp-workspaces))))
      (when workspace
        (lsp-workspace-shutdown workspace)
        (e2e-wait (lambda () (not (process-live-p (lsp--workspace-proc workspace)))) 5)))
    (delete-directory root t)))

(e2e-main "lsp-mode" #'e2e-run)

;;; e2e-lsp-mode.el ends here
