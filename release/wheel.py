"""wheel.py --out DIR --version V --build BUILD TARGET... — writes one
platform wheel per TARGET with the prebuilt binary BUILD/TARGET/pyworkers-lsp[.exe].

A wheel is a zip (PEP 427): the binary goes to pyworkers_lsp-V.data/scripts/,
which installers put in the environment's bin/ (Scripts\\ on Windows), next to
the small pyworkers_lsp package from python/ (find_pyworkers_lsp_bin(),
`python -m pyworkers_lsp`), plus METADATA, WHEEL and RECORD. This is the
ruff / maturin layout; writing the zip here needs no build backend and no
package index. Entries are sorted and dated SOURCE_DATE_EPOCH, so a rebuild
is byte-identical."""
import argparse
import base64
import hashlib
import os
import pathlib
import time
import zipfile

NAME = "pyworkers-lsp"
DIST = "pyworkers_lsp"
ROOT = pathlib.Path(__file__).resolve().parent.parent

# Release target -> wheel platform tags. The Linux binaries are static, so
# one wheel serves glibc (manylinux) and musl (musllinux) systems alike.
PLATFORMS = {
    "linux-x64": "manylinux_2_17_x86_64.manylinux2014_x86_64.musllinux_1_1_x86_64",
    "linux-arm64": "manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64",
    "darwin-x64": "macosx_12_0_x86_64",
    "darwin-arm64": "macosx_12_0_arm64",
    "windows-x64": "win_amd64",
}

SUMMARY = "Language server and CI checker for Cloudflare Python Workers (prebuilt binary)"


def metadata(version):
    readme = (ROOT / "python" / "README.md").read_text()
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {version}\n"
        f"Summary: {SUMMARY}\n"
        "Home-page: https://github.com/pyworkers/pyworkers-lsp\n"
        "Project-URL: Source, https://github.com/pyworkers/pyworkers-lsp\n"
        "Keywords: cloudflare,workers,pyodide,wrangler,lsp,linter\n"
        "Classifier: Environment :: Console\n"
        "Classifier: Topic :: Software Development :: Quality Assurance\n"
        "Requires-Python: >=3.8\n"
        "Description-Content-Type: text/markdown\n"
        "\n" + readme
    )


def wheel_file(tags):
    lines = ["Wheel-Version: 1.0", "Generator: pyworkers-lsp release/wheel.py", "Root-Is-Purelib: false"]
    lines += [f"Tag: py3-none-{tag}" for tag in tags.split(".")]
    return "\n".join(lines) + "\n"


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build(out, version, build_dir, target):
    tags = PLATFORMS[target]
    exe = "pyworkers-lsp.exe" if target.startswith("windows") else "pyworkers-lsp"
    binary = pathlib.Path(build_dir) / target / exe
    info = f"{DIST}-{version}.dist-info"
    files = {}  # archive name -> (bytes, executable)
    for src in sorted((ROOT / "python" / DIST).glob("*.py")):
        files[f"{DIST}/{src.name}"] = (src.read_bytes(), False)
    files[f"{DIST}-{version}.data/scripts/{exe}"] = (binary.read_bytes(), True)
    license_file = ROOT / "LICENSE"
    if license_file.exists():
        files[f"{info}/licenses/LICENSE"] = (license_file.read_bytes(), False)
    files[f"{info}/METADATA"] = (metadata(version).encode(), False)
    files[f"{info}/WHEEL"] = (wheel_file(tags).encode(), False)
    record = "".join(f"{name},{record_hash(data)},{len(data)}\n" for name, (data, _) in files.items())
    record += f"{info}/RECORD,,\n"
    files[f"{info}/RECORD"] = (record.encode(), False)

    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)
    stamp = time.gmtime(epoch)[:6]
    path = pathlib.Path(out) / f"{DIST}-{version}-py3-none-{tags}.whl"
    # RECORD must come last; the rest keep the order above (package, data, metadata).
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, (data, executable) in files.items():
            zi = zipfile.ZipInfo(name, stamp)
            zi.external_attr = (0o100755 if executable else 0o100644) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("targets", nargs="+", choices=sorted(PLATFORMS))
    args = p.parse_args()
    for target in args.targets:
        print(build(args.out, args.version, args.build, target).name)


if __name__ == "__main__":
    main()
