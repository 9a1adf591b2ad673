;;; pyworkers-lsp.el --- pyworkers-lsp for Eglot and lsp-mode  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools
;; URL: https://github.com/pyworkers/pyworkers-lsp

;;; Commentary:

;; Diagnostics, hover docs and quick fixes for Cloudflare Python Workers from the
;; pyworkers-lsp language server, in Python buffers, wrangler configs and pyproject.toml.
;;
;; Loading this file changes nothing; pick one client:
;;
;;   (require 'pyworkers-lsp)
;;   (pyworkers-lsp-eglot-setup)      ; Eglot (built in since Emacs 29)
;;   (pyworkers-lsp-lsp-mode-setup)   ; or lsp-mode, next to pyright/pylsp
;;
;; Both start the server only for files inside a Worker (a wrangler config above them).

;;; Code:

(require 'cl-lib)

(defgroup pyworkers-lsp nil
  "Cloudflare Python Workers checks from pyworkers-lsp."
  :group 'tools
  :prefix "pyworkers-lsp-")

(defcustom pyworkers-lsp-command "pyworkers-lsp"
  "The pyworkers-lsp executable: a name looked up on `exec-path', or a full path."
  :type 'string)

(defcustom pyworkers-lsp-settings nil
  "Server settings, sent as initializationOptions and workspace configuration.
A plist such as (:select [\"PW2\"] :ignore [\"PW301\"] :severity (:PW206 \"info\")
:runtime \"0.28\").  Use vectors for lists so they encode as JSON arrays."
  :type '(plist :key-type symbol :value-type sexp))

(defconst pyworkers-lsp-wrangler-files '("wrangler.toml" "wrangler.jsonc" "wrangler.json")
  "Files that mark the root of a Worker.")

(defconst pyworkers-lsp-config-files
  (append pyworkers-lsp-wrangler-files '("pyproject.toml"))
  "Non-Python files the server analyses.")

(defconst pyworkers-lsp-python-modes '(python-mode python-ts-mode)
  "Major modes of Python buffers.")

(defconst pyworkers-lsp-config-modes
  '(conf-toml-mode toml-ts-mode js-json-mode json-mode json-ts-mode jsonc-mode)
  "Major modes wrangler configs and pyproject.toml open in.")

(defun pyworkers-lsp-worker-root (file)
  "The directory of the Worker FILE belongs to, or nil outside any Worker."
  (and file
       (locate-dominating-file
        file
        (lambda (dir)
          (cl-some (lambda (name) (file-exists-p (expand-file-name name dir)))
                   pyworkers-lsp-wrangler-files)))))

(defun pyworkers-lsp-wanted-p (file mode)
  "Non-nil when FILE, open in major MODE, is one the server should see."
  (and (pyworkers-lsp-worker-root file)
       (or (memq mode pyworkers-lsp-python-modes)
           (member (file-name-nondirectory file) pyworkers-lsp-config-files))))

(defun pyworkers-lsp--server-command ()
  "The command line that starts the server on stdio."
  (list pyworkers-lsp-command "serve" "--stdio"))

(defun pyworkers-lsp--settings-object ()
  "`pyworkers-lsp-settings' as a value that encodes to a JSON object, never null."
  (or pyworkers-lsp-settings (make-hash-table)))

;;;; Eglot

(declare-function eglot-ensure "eglot")
(defvar eglot-server-programs)
(defvar eglot-workspace-configuration)

(defconst pyworkers-lsp--eglot-config-specs
  '((conf-toml-mode :language-id "toml") (toml-ts-mode :language-id "toml")
    (js-json-mode :language-id "json") (json-mode :language-id "json")
    (json-ts-mode :language-id "json") (jsonc-mode :language-id "jsonc"))
  "Eglot mode specs of the config modes, with the language ids the server expects.")

(defun pyworkers-lsp--eglot-maybe-start ()
  "Start Eglot in this buffer when it belongs to a Worker."
  (when (pyworkers-lsp-wanted-p buffer-file-name major-mode)
    (eglot-ensure)))

(defun pyworkers-lsp--mode-specs (modes)
  "The mode specs of an `eglot-server-programs' key MODES, as a list."
  (cond ((symbolp modes) (list modes))
        ((keywordp (cadr modes)) (list modes)) ; a single (MODE :language-id ...)
        (t modes)))

(defun pyworkers-lsp--previous-contact (mode interactive)
  "The contact Eglot would use for MODE without pyworkers-lsp.
It is the first other entry of `eglot-server-programs' for MODE; a function
contact is called with INTERACTIVE.  Nil when there is none."
  (let ((entry (cl-find-if
                (lambda (entry)
                  (and (not (eq (cdr entry) #'pyworkers-lsp--eglot-contact))
                       (cl-some (lambda (spec)
                                  (let ((probe (if (consp spec) (car spec) spec)))
                                    (and (symbolp probe) (provided-mode-derived-p mode probe))))
                                (pyworkers-lsp--mode-specs (car entry)))))
                eglot-server-programs)))
    (when entry
      (if (functionp (cdr entry)) (funcall (cdr entry) interactive) (cdr entry)))))

(defun pyworkers-lsp--eglot-contact (&optional interactive)
  "Eglot contact: pyworkers-lsp inside a Worker, the previous server elsewhere.
Outside Workers it returns what Eglot would have used without pyworkers-lsp
\(pylsp, pyright, ...; nil when nothing was configured), so a plain Python
project keeps exactly its server.  INTERACTIVE is passed on to a previous
function contact."
  (if (pyworkers-lsp-wanted-p buffer-file-name major-mode)
      (append (pyworkers-lsp--server-command)
              (list :initializationOptions
                    (list :pyworkers (pyworkers-lsp--settings-object))))
    (pyworkers-lsp--previous-contact major-mode interactive)))

;;;###autoload
(defun pyworkers-lsp-eglot-setup ()
  "Use pyworkers-lsp through Eglot in Python buffers and configs of Workers.
Two entries go to the front of `eglot-server-programs' (Python modes, and
the TOML/JSON config modes) whose contact function picks pyworkers-lsp only
for files inside a Worker and otherwise returns the server the other entries
give, so outside Workers nothing changes.  Eglot runs one server per major
mode and project: inside a Worker, pyworkers-lsp takes the Python server's
place."
  (require 'eglot)
  (setq eglot-server-programs
        (cl-remove-if (lambda (entry) (eq (cdr entry) #'pyworkers-lsp--eglot-contact))
                      eglot-server-programs))
  (push (cons pyworkers-lsp--eglot-config-specs #'pyworkers-lsp--eglot-contact) eglot-server-programs)
  (push (cons pyworkers-lsp-python-modes #'pyworkers-lsp--eglot-contact) eglot-server-programs)
  (setq-default eglot-workspace-configuration
                (cons (cons :pyworkers (pyworkers-lsp--settings-object))
                      (assq-delete-all :pyworkers
                                       (default-value 'eglot-workspace-configuration))))
  (dolist (mode (append pyworkers-lsp-python-modes pyworkers-lsp-config-modes))
    (add-hook (intern (format "%s-hook" mode)) #'pyworkers-lsp--eglot-maybe-start)))

;;;; lsp-mode

(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-deferred "lsp-mode")
(defvar lsp-language-id-configuration)

(defun pyworkers-lsp--lsp-mode-maybe-start ()
  "Start lsp-mode in this buffer when it belongs to a Worker."
  (when (pyworkers-lsp-wanted-p buffer-file-name major-mode)
    (lsp-deferred)))

;;;###autoload
(defun pyworkers-lsp-lsp-mode-setup ()
  "Register pyworkers-lsp with lsp-mode as an add-on server.
It runs next to the Python server lsp-mode already picks (pyright, pylsp, ...)."
  (require 'lsp-mode)
  (dolist (mode pyworkers-lsp-config-modes)
    (unless (assq mode lsp-language-id-configuration)
      (add-to-list 'lsp-language-id-configuration
                   (cons mode (if (string-match-p "toml" (symbol-name mode)) "toml" "json")))))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection #'pyworkers-lsp--server-command)
    :activation-fn #'pyworkers-lsp-wanted-p
    :add-on? t
    :priority -1
    :server-id 'pyworkers-lsp
    :initialization-options
    (lambda () (list :pyworkers (pyworkers-lsp--settings-object)))))
  (dolist (mode (append pyworkers-lsp-python-modes pyworkers-lsp-config-modes))
    (add-hook (intern (format "%s-hook" mode)) #'pyworkers-lsp--lsp-mode-maybe-start)))

(provide 'pyworkers-lsp)
;;; pyworkers-lsp.el ends here
