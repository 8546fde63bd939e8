# The built-in hashes (no OpenSSL), zlib (Debian's zlib built with the SDK), base64 and the like.
import hashlib, hmac, zlib, base64, gzip, io, zipfile, tarfile, secrets
data = b"The quick brown fox jumps over the lazy dog" * 100
for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_512", "blake2b", "blake2s"]:
    print(name, hashlib.new(name, data).hexdigest())
print(hashlib.shake_128(data).hexdigest(20), hashlib.shake_256(b"").hexdigest(10), hashlib.blake2b(b"x", digest_size=16, key=b"k", salt=b"s", person=b"p").hexdigest())
h = hashlib.sha256(); [h.update(bytes([i]) * i) for i in range(256)]; print(h.hexdigest(), h.copy().digest_size, h.block_size)
print(hmac.new(b"key", b"msg", "sha256").hexdigest(), hmac.compare_digest(b"a", b"a"), hmac.digest(b"k", b"m", "sha3_256").hex())  # pbkdf2_hmac needs OpenSSL (its Python fallback warns)
print(sorted(hashlib.algorithms_guaranteed))
c = zlib.compress(data, 9); print(len(c), zlib.decompress(c) == data, zlib.crc32(data), zlib.adler32(data), zlib.ZLIB_VERSION[:4])
co = zlib.compressobj(6, zlib.DEFLATED, -15); raw = co.compress(data) + co.flush(); do = zlib.decompressobj(-15); print(len(raw), do.decompress(raw, 100)[:10], len(do.unconsumed_tail))
g = gzip.compress(data, mtime=0); print(g[:10].hex(), gzip.decompress(g) == data)
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("a.txt", (2020, 1, 1, 0, 0, 0)), data)
with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
    print(z.namelist(), z.read("a.txt") == data, z.getinfo("a.txt").compress_size)
tb = io.BytesIO()
with tarfile.open(fileobj=tb, mode="w:gz") as t:
    info = tarfile.TarInfo("dir/f.bin"); info.size = 5; info.mtime = 0; t.addfile(info, io.BytesIO(b"hello"))
with tarfile.open(fileobj=io.BytesIO(tb.getvalue()), mode="r:gz") as t:
    print(t.getnames(), t.extractfile("dir/f.bin").read())
print(base64.b64encode(data[:20]), base64.b32encode(b"abc"), base64.a85encode(b"xyz"), base64.urlsafe_b64decode(b"-_-_"))
print(len(secrets.token_bytes(16)), len(secrets.token_hex(8)))
