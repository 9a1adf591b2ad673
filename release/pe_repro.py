"""pe_repro.py FILE — makes a Windows executable linked by zig (lld in its
/Brepro mode) byte-identical across links of the same code.

lld /Brepro writes a hash instead of the link time into the PE header's
TimeDateStamp, the debug directory entries' TimeDateStamps and the CodeView
record's GUID. The hash covers more than the file holds (two links of one
commit differ only in those 16 bytes), so this recomputes it from the file
itself: SHA-256 over the file with those fields zeroed. Nothing reads them at
run time; the GUID only pairs the executable with a PDB, and there is none."""
import hashlib
import struct
import sys

IMAGE_DEBUG_TYPE_CODEVIEW = 2


def sections(data, pe):
    count, opt_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    table = pe + 24 + opt_size
    for i in range(count):
        vsize, va, rawsize, rawptr = struct.unpack_from("<IIII", data, table + 40 * i + 8)
        yield va, max(vsize, rawsize), rawptr


def rva_to_offset(data, pe, rva):
    for va, size, rawptr in sections(data, pe):
        if va <= rva < va + size:
            return rva - va + rawptr
    sys.exit(f"pe_repro: RVA {rva:#x} is in no section")


def fields(data):
    """Offsets and sizes of the hash fields: (offset, length) pairs."""
    if data[:2] != b"MZ":
        sys.exit("pe_repro: not a PE file")
    (pe,) = struct.unpack_from("<I", data, 0x3C)
    if data[pe:pe + 4] != b"PE\0\0":
        sys.exit("pe_repro: no PE signature")
    out = [(pe + 8, 4)]
    opt = pe + 24
    (magic,) = struct.unpack_from("<H", data, opt)
    dirs = opt + {0x10B: 96, 0x20B: 112}[magic]
    (checksum,) = struct.unpack_from("<I", data, opt + 64)
    if checksum:
        sys.exit(f"pe_repro: the image has a checksum ({checksum:#x}) this would break")
    debug_rva, debug_size = struct.unpack_from("<II", data, dirs + 6 * 8)
    if debug_rva:
        debug = rva_to_offset(data, pe, debug_rva)
        for entry in range(debug, debug + debug_size, 28):
            out.append((entry + 4, 4))
            (kind, size, _, rawptr) = struct.unpack_from("<IIII", data, entry + 12)
            if kind == IMAGE_DEBUG_TYPE_CODEVIEW and data[rawptr:rawptr + 4] == b"RSDS":
                out.append((rawptr + 4, 16))
    return out


def main(path):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    spots = fields(data)
    for off, n in spots:
        data[off:off + n] = bytes(n)
    digest = hashlib.sha256(data).digest()
    for off, n in spots:
        data[off:off + n] = digest[:n]
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(*sys.argv[1:])
