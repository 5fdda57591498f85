//! Lab 12: handing a descriptor to an unrelated program.
//!
//! The server makes a pipe and a Unix socket bound to a path in a directory
//! of this run's own, then starts the receiver as a fresh program (fork, then
//! execve of this same binary with a role argument). Every descriptor the
//! server holds is close-on-exec, so the receiver starts with none of them:
//! all it knows is the socket's path, on its command line. It connects; the
//! server asks the kernel who is on the other end (SO_PEERCRED) and hands it
//! the pipe's write end inside a message (sendmsg with SCM_RIGHTS), then
//! closes its own copy. The receiver gets the end as a new descriptor of its
//! own, learns from the kernel who sent it (SCM_CREDENTIALS), writes a line
//! into the pipe and exits; the server reads the line from the read end until
//! end of file.

#![deny(unsafe_op_in_unsafe_fn)]

use std::ffi::CString;
use std::io::{IoSlice, IoSliceMut};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::ExitCode;

use common::{Cleanup, Context, Result, RunDir};
use nix::fcntl::OFlag;
use nix::sys::socket::{
    AddressFamily, Backlog, ControlMessage, ControlMessageOwned, MsgFlags, SockFlag, SockType, UnixAddr,
    UnixCredentials, accept4, bind, connect, getsockopt, listen, recvmsg, sendmsg, setsockopt, socket, sockopt,
};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, close, execv, fork, getppid, pipe2, read, unlink, write};

/// What the receiver writes into the pipe through the end it was handed.
const LINE: &str = "hello from a program that inherited nothing\n";

fn main() -> ExitCode {
    common::begin("12_fd_passing");
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        None => serve(),
        Some("receiver") if args.len() == 3 => receive(Path::new(&args[2])),
        Some(_) => Err("usage: lab12_fd_passing [receiver SOCKET_PATH]".into()),
    };
    common::finish(result)
}

/// What the server tells the receiver about the descriptor it sends, in
/// the message's data: the number the end has in the server.
fn note_for(fd: RawFd) -> String {
    format!("the write end of the server's pipe, fd {fd} in the server")
}

/// The server: a listening socket and a pipe, the receiver started, the
/// write end handed over, the receiver's line read back.
fn serve() -> Result<()> {
    let dir = RunDir::create("12")?;
    let path = dir.join("server.sock");
    let listener = listen_at(&path)?;
    let socket_file = Cleanup::unlink(&path);
    let (read_end, write_end) = make_pipe()?;
    let program = std::env::current_exe().context("current_exe")?;
    let receiver = start_receiver(&program, &path)?;

    let conn = accept4(listener.as_raw_fd(), SockFlag::SOCK_CLOEXEC).context("accept4")?;
    // SAFETY: accept4 returned a new descriptor that nothing else owns.
    let conn = unsafe { OwnedFd::from_raw_fd(conn) };
    let peer = peer_of(&conn)?;
    println!("server: the kernel says the peer is pid {} (uid {}, gid {})", peer.pid(), peer.uid(), peer.gid());
    println!("server: the peer is the receiver I started: {}", peer.pid() == receiver.as_raw());

    hand_over(&conn, write_end)?;
    let text = read_to_end(&read_end)?;
    println!("server: read from the pipe: {:?}", String::from_utf8_lossy(&text));
    println!("server: end of file: no process holds the write end any more");

    println!("server: receiver exited with status {}", wait_for(receiver)?);
    close(read_end).context("close")?;
    close(conn).context("close")?;
    close(listener).context("close")?;
    unlink(&path).context("unlink")?;
    socket_file.disarm();
    Ok(())
}

/// The receiver: connects to the server's path, receives the write end,
/// writes LINE through it.
fn receive(path: &Path) -> Result<()> {
    let sock = connect_to(path)?;
    let got = receive_end(&sock)?;
    println!(
        "receiver: the kernel says the sender is pid {} (uid {}, gid {})",
        got.sender.pid(),
        got.sender.uid(),
        got.sender.gid()
    );
    println!("receiver: the sender is my parent, the server: {}", got.sender.pid() == getppid().as_raw());
    println!("receiver: received fd {}: {}", got.fd.as_raw_fd(), got.note);
    write_line(got)?;
    close(sock).context("close")?;
    Ok(())
}

/// What the receiver got in the server's message.
struct Received {
    /// The descriptor the kernel installed in this process.
    fd: OwnedFd,
    /// Who sent it, as the kernel says (SCM_CREDENTIALS).
    sender: UnixCredentials,
    /// The message's data: the server's words about the descriptor.
    note: String,
}

/// A Unix stream socket bound to `path` and listening, which a program this
/// process execs does not inherit.
fn listen_at(path: &Path) -> Result<OwnedFd> {
    // BEGIN SOLUTION: make a Unix stream socket listening at `path` that a program this process execs does not inherit (unix(7), socket(2) SOCK_CLOEXEC)
    let sock = socket(AddressFamily::Unix, SockType::Stream, SockFlag::SOCK_CLOEXEC, None).context("socket")?;
    bind(sock.as_raw_fd(), &UnixAddr::new(path).context("socket path")?).context("bind")?;
    listen(&sock, Backlog::new(1).context("backlog")?).context("listen")?;
    Ok(sock)
    // END SOLUTION
}

/// A pipe, (read end, write end), whose ends a program this process execs
/// does not inherit.
fn make_pipe() -> Result<(OwnedFd, OwnedFd)> {
    // BEGIN SOLUTION: make a pipe whose ends a program this process execs does not inherit: the receiver must get the write end only through the socket (pipe(2) O_CLOEXEC)
    pipe2(OFlag::O_CLOEXEC).context("pipe2")
    // END SOLUTION
}

/// Who is on the other end of the connected socket `conn`, as the kernel
/// recorded it when the peer connected.
fn peer_of(conn: &OwnedFd) -> Result<UnixCredentials> {
    // BEGIN SOLUTION: ask the kernel which process (pid, uid, gid) connected to `conn` (unix(7) SO_PEERCRED)
    getsockopt(conn, sockopt::PeerCredentials).context("getsockopt SO_PEERCRED")
    // END SOLUTION
}

/// Gives `write_end` to the process at the other end of `conn`, with
/// note_for(its number) as the message's data, and keeps no copy of it here:
/// the server's read of the pipe must see end of file once the receiver is
/// done with it.
fn hand_over(conn: &OwnedFd, write_end: OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: send `write_end` itself (not its number) to the peer of `conn` in one message whose data is note_for(its number), then let go of this process's copy at the right moment (unix(7) SCM_RIGHTS, sendmsg(2), cmsg(3))
    let note = note_for(write_end.as_raw_fd());
    let fds = [write_end.as_raw_fd()];
    let sent = sendmsg::<()>(
        conn.as_raw_fd(),
        &[IoSlice::new(note.as_bytes())],
        &[ControlMessage::ScmRights(&fds)],
        MsgFlags::empty(),
        None,
    )
    .context("sendmsg")?;
    if sent != note.len() {
        return Err(format!("sendmsg sent {sent} of {} bytes", note.len()).into());
    }
    // The kernel holds its own reference in the message now: closing ours
    // leaves the receiver's copy the only way to write into the pipe.
    close(write_end).context("close")?;
    Ok(())
    // END SOLUTION
}

/// A Unix stream socket connected to the server at `path`, on which every
/// message received comes with its sender's credentials.
fn connect_to(path: &Path) -> Result<OwnedFd> {
    // BEGIN SOLUTION: connect to the server at `path` on a socket that receives the sender's credentials with each message, from the very first one (unix(7) SO_PASSCRED)
    let sock = socket(AddressFamily::Unix, SockType::Stream, SockFlag::SOCK_CLOEXEC, None).context("socket")?;
    // Before connecting: the server may send as soon as it accepts.
    setsockopt(&sock, sockopt::PassCred, &true).context("setsockopt SO_PASSCRED")?;
    connect(sock.as_raw_fd(), &UnixAddr::new(path).context("socket path")?).context("connect")?;
    Ok(sock)
    // END SOLUTION
}

/// Receives the server's message: its data, the sender's credentials and
/// the descriptor it carries. Fails, saying why, when the kernel had to cut
/// the control data short.
fn receive_end(sock: &OwnedFd) -> Result<Received> {
    // BEGIN SOLUTION: receive one message with room for both control messages it brings (the sender's credentials and one descriptor); refuse a message whose control data the kernel cut short, and return the descriptor, the credentials and the text (recvmsg(2) MSG_CTRUNC, cmsg(3), unix(7))
    let mut data = [0u8; 128];
    let mut iov = [IoSliceMut::new(&mut data)];
    let mut control = nix::cmsg_space!(UnixCredentials, RawFd);
    let msg =
        recvmsg::<()>(sock.as_raw_fd(), &mut iov, Some(&mut control), MsgFlags::MSG_CMSG_CLOEXEC).context("recvmsg")?;
    if msg.flags.contains(MsgFlags::MSG_CTRUNC) {
        return Err(
            "recvmsg: MSG_CTRUNC: the control buffer was too small, and the kernel dropped what did not fit".into()
        );
    }
    let (mut fd, mut sender) = (None, None);
    for cmsg in msg.cmsgs().context("control messages")? {
        match cmsg {
            ControlMessageOwned::ScmRights(fds) => {
                for raw in fds {
                    // SAFETY: the kernel installed this descriptor in this
                    // process for us; nothing else owns it.
                    let owned = unsafe { OwnedFd::from_raw_fd(raw) };
                    if fd.is_none() {
                        fd = Some(owned);
                    }
                }
            }
            ControlMessageOwned::ScmCredentials(cred) => sender = Some(cred),
            _ => {}
        }
    }
    let bytes = msg.bytes;
    let note = String::from_utf8_lossy(&data[..bytes]).into_owned();
    match (fd, sender) {
        (Some(fd), Some(sender)) => Ok(Received { fd, sender, note }),
        (None, _) => Err("recvmsg: the message carried no descriptor".into()),
        (_, None) => Err("recvmsg: no SCM_CREDENTIALS: was SO_PASSCRED on before the message was sent?".into()),
    }
    // END SOLUTION
}

/// Writes LINE into the pipe through the descriptor received, then closes it.
fn write_line(got: Received) -> Result<()> {
    // BEGIN SOLUTION: write LINE into the pipe through the descriptor this process received, then close it (a descriptor is a number in one process's table)
    let n = write(&got.fd, LINE.as_bytes()).context("write")?;
    if n != LINE.len() {
        return Err(format!("write: {n} of {} bytes", LINE.len()).into());
    }
    close(got.fd).context("close")?;
    Ok(())
    // END SOLUTION
}

/// Starts this program again as the receiver, knowing only the socket's path.
fn start_receiver(program: &Path, socket: &Path) -> Result<Pid> {
    let argv = [cstring(program)?, CString::new("receiver").context("role")?, cstring(socket)?];
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => {
            let err = execv(&argv[0], &argv).unwrap_err();
            common::child_done(Err(format!("execve: {err}").into()))
        }
        ForkResult::Parent { child } => Ok(child),
    }
}

/// Everything read from `fd` until end of file.
fn read_to_end(fd: &OwnedFd) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 128];
    loop {
        let n = read(fd, &mut buf).context("read")?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Waits for the receiver and returns its exit status.
fn wait_for(child: Pid) -> Result<i32> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, code) => Ok(code),
        other => Err(format!("the receiver did not exit normally: {other:?}").into()),
    }
}

fn cstring(path: &Path) -> Result<CString> {
    CString::new(path.as_os_str().as_bytes()).context("path")
}
