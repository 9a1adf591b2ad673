"""zipdir.py OUT.zip ROOT NAME — zips ROOT/NAME reproducibly: sorted entries,
the SOURCE_DATE_EPOCH time on each, fixed permissions."""
import os
import sys
import time
import zipfile


def main(out, root, name):
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)
    stamp = time.gmtime(epoch)[:6]
    paths = []
    for dirpath, _, files in os.walk(os.path.join(root, name)):
        paths += [os.path.join(dirpath, f) for f in files]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(paths):
            info = zipfile.ZipInfo(os.path.relpath(path, root).replace(os.sep, "/"), stamp)
            info.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())


if __name__ == "__main__":
    main(*sys.argv[1:])
