# socket (AF_UNIX socketpair, TCP and UDP over loopback, IPv6 if present), select, selectors, poll.
import socket, select, selectors, threading, os, struct, errno
a, b = socket.socketpair(); a.sendall(b"ping"); print(b.recv(10)); b.send(b"pong" * 1000); print(len(a.recv(4000, socket.MSG_WAITALL)))
print(a.family == socket.AF_UNIX, a.type == socket.SOCK_STREAM, a.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE) == socket.SOCK_STREAM)
a.close(); b.close()
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen(5); port = srv.getsockname()[1]
def serve():
    for _ in range(2):
        conn, addr = srv.accept()
        with conn:
            data = b""
            while chunk := conn.recv(4096): data += chunk
            conn.sendall(b"got %d bytes" % len(data))
t = threading.Thread(target=serve); t.start()
for size in (5, 300000):
    with socket.create_connection(("127.0.0.1", port)) as c:
        same_port = c.getpeername()[1] == port; c.sendall(b"x" * size); c.shutdown(socket.SHUT_WR); print(c.recv(100).decode(), same_port)
t.join(); srv.close()
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u1.bind(("127.0.0.1", 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u2.sendto(b"datagram", u1.getsockname())
data, addr = u1.recvfrom(100); print(data, addr[0]); u1.settimeout(0.05)
try:
    u1.recv(10)
except socket.timeout:
    print("timeout")
u1.close(); u2.close()
print(socket.inet_aton("10.1.2.3"), socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, "::ffff:1.2.3.4")), socket.htons(1), socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4])
print(socket.gethostbyname("localhost"), struct.unpack("ii", socket.socket().getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)))
r, w = os.pipe()
print(select.select([r], [w], [], 0)); os.write(w, b"z"); print(select.select([r], [], [], 1)[0] == [r])
p = select.poll(); p.register(r, select.POLLIN); print(p.poll(100) == [(r, select.POLLIN)])
ep = select.epoll(); ep.register(r, select.EPOLLIN); print(ep.poll(0.1) == [(r, select.EPOLLIN)]); ep.close()
sel = selectors.DefaultSelector(); print(type(sel).__name__)
s1, s2 = socket.socketpair(); s1.setblocking(False); sel.register(s1, selectors.EVENT_READ, data="s1")
print(sel.select(0)); s2.send(b"ready")
for key, ev in sel.select(1): print(key.data, ev == selectors.EVENT_READ, key.fileobj.recv(10))
try:
    s1.recv(10)
except BlockingIOError as e:
    print("EAGAIN", e.errno == errno.EAGAIN)
sel.close(); s1.close(); s2.close()
with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as us:
    import tempfile; path = os.path.join(tempfile.mkdtemp(), "sock"); us.bind(path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as uc: uc.sendto(b"unix dgram", path)
    print(us.recv(100), os.path.exists(path)); os.unlink(path)
