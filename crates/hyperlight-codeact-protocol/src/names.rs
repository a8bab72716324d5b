//! The closed sets of names the boundary uses, each one enum with its wire name and id: host
//! functions, value and reply tags, built-in exceptions, system operations and their errors.
//! The guest's C sees the same tables through the header [`crate::c_header`] generates.

use core::fmt;

/// An enum whose variants have a wire name and an id (the declaration order, from 0).
macro_rules! named_enum {
    ($(#[$meta:meta])* pub enum $ty:ident { $($(#[$vmeta:meta])* $var:ident = $name:expr),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum $ty {
            $($(#[$vmeta])* $var),*
        }

        impl $ty {
            /// Every variant, in id order.
            pub const ALL: &'static [Self] = &[$(Self::$var),*];

            /// The name on the wire (and in Python).
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$var => $name),*
                }
            }

            /// The variant named `name`.
            #[must_use]
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.name() == name)
            }

            /// The variant's number (its index in [`Self::ALL`]).
            #[must_use]
            pub const fn id(self) -> u8 {
                self as u8
            }

            /// The variant numbered `id`.
            #[must_use]
            pub fn from_id(id: u8) -> Option<Self> {
                Self::ALL.get(usize::from(id)).copied()
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named_enum! {
    /// The host functions the guest calls; the name is Hyperlight's function name, the id the
    /// number the guest's C passes to `hlc_host_call` (`HLC_HOST_*` in the generated header).
    pub enum HostFn {
        /// `call_tool`: takes an encoded [`crate::ToolCall`], returns an encoded [`crate::ToolReply`].
        CallTool = crate::HOST_FN_CALL_TOOL,
        /// File, network and clock access: a [`crate::ToolCall`] named by a [`SysOp`].
        System = crate::HOST_FN_SYSTEM,
        /// Starts a concurrent tool call.
        ToolStart = crate::HOST_FN_TOOL_START,
        /// Waits for started calls.
        ToolWait = crate::HOST_FN_TOOL_WAIT,
        /// Cancels a started call.
        ToolCancel = crate::HOST_FN_TOOL_CANCEL,
    }
}

named_enum! {
    /// The tag byte that starts each [`crate::Value`] on the wire.
    pub enum ValueTag {
        None = "none",
        Bool = "bool",
        /// Eight bytes, little-endian two's complement.
        Int = "int",
        /// Decimal digits with an optional `-`, as a string.
        BigInt = "bigint",
        /// Eight bytes, little-endian IEEE 754 bits.
        Float = "float",
        Str = "str",
        /// A u32 count, then the items.
        List = "list",
        /// A u32 count, then (string key, value) pairs.
        Dict = "dict",
        /// A u32 length, then the bytes.
        Bytes = "bytes",
    }
}

named_enum! {
    /// The tag byte that starts each [`crate::ToolReply`] on the wire.
    pub enum ReplyTag {
        /// A value follows.
        Ok = "ok",
        /// A message follows; the guest raises `ToolError` (a system call `OSError`).
        Err = "err",
        /// An exception name and a message follow.
        Raise = "raise",
        /// An exception name and its args (a list value) follow.
        Exception = "exception",
    }
}

macro_rules! builtin_exceptions {
    ($($name:ident),* $(,)?) => {
        named_enum! {
            /// The built-in exception types a tool's exception or a system refusal can arrive as in
            /// the guest: the types CPython and the guest both have. A tool's exception travels as
            /// the nearest of these in its class's MRO (a `class NotFound(KeyError)` arrives as
            /// `KeyError`), by name on the wire. The one table of them: the host maps
            /// [`SysErrorKind`]s and Python exceptions onto it, the guest builds its table of types
            /// from it (`HLC_BUILTIN_EXCEPTIONS` in the generated header).
            pub enum BuiltinException {
                $($name = stringify!($name)),*
            }
        }
    };
}

builtin_exceptions!(
    Exception,
    ArithmeticError,
    AssertionError,
    AttributeError,
    EOFError,
    ImportError,
    ModuleNotFoundError,
    LookupError,
    IndexError,
    KeyError,
    NameError,
    NotImplementedError,
    OSError,
    ConnectionError,
    FileExistsError,
    FileNotFoundError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    TimeoutError,
    OverflowError,
    RecursionError,
    RuntimeError,
    StopIteration,
    TypeError,
    UnicodeError,
    ValueError,
    ZeroDivisionError,
);

named_enum! {
    /// The operations of the `System` host function (the name of its [`crate::ToolCall`]); the
    /// host's dispatcher matches on these, and the guest refuses any other name before sending.
    pub enum SysOp {
        /// `blob`, `offset`, `size`: a chunk of a reply parked on the host.
        BlobRead = "blob.read",
        FsRead = "fs.read",
        FsWrite = "fs.write",
        FsTruncate = "fs.truncate",
        FsRename = "fs.rename",
        FsListdir = "fs.listdir",
        FsStat = "fs.stat",
        FsExists = "fs.exists",
        FsRemove = "fs.remove",
        FsMkdir = "fs.mkdir",
        HttpRequest = "http.request",
        TimeNow = "time.now",
        TimeSleep = "time.sleep",
        OsUrandom = "os.urandom",
    }
}

impl SysOp {
    /// Whether the host records the operation in the run's audit of host access: not the
    /// plumbing of an audited read (`blob.read`), clock reads or random bytes.
    #[must_use]
    pub const fn audited(self) -> bool {
        !matches!(self, Self::BlobRead | Self::TimeNow | Self::OsUrandom)
    }
}

named_enum! {
    /// Why a system operation was refused or failed, coarse enough to map onto a Python
    /// exception class (and the errno CPython would show).
    pub enum SysErrorKind {
        /// The policy refuses the operation (outside mounts, read-only, host not allowed...).
        PermissionDenied = "PermissionDenied",
        /// The path (inside an allowed mount) does not exist.
        NotFound = "NotFound",
        /// A file operation was given a directory.
        IsADirectory = "IsADirectory",
        /// A directory operation was given something that is not a directory.
        NotADirectory = "NotADirectory",
        /// The entry to create already exists.
        AlreadyExists = "AlreadyExists",
        /// The path is malformed (empty, NUL byte, too long, badly formed mount point).
        InvalidPath = "InvalidPath",
        /// Any other malformed argument (bad URL, unsupported method, forbidden header).
        InvalidArgument = "InvalidArgument",
        /// A size or count limit was exceeded (file read cap, output limits, response cap).
        LimitExceeded = "LimitExceeded",
        /// A network timeout.
        Timeout = "Timeout",
        /// A rename between two mounts (`EXDEV`, as between two file systems).
        CrossDevice = "CrossDevice",
        /// The host could not connect to an allowed target (refused, reset, name not found).
        Connection = "Connection",
        /// Any other I/O or network failure.
        Io = "Io",
    }
}

impl SysErrorKind {
    /// The built-in exception the guest raises for this kind.
    #[must_use]
    pub const fn exception(self) -> BuiltinException {
        match self {
            Self::PermissionDenied => BuiltinException::PermissionError,
            Self::NotFound => BuiltinException::FileNotFoundError,
            Self::IsADirectory => BuiltinException::IsADirectoryError,
            Self::NotADirectory => BuiltinException::NotADirectoryError,
            Self::AlreadyExists => BuiltinException::FileExistsError,
            Self::InvalidPath | Self::InvalidArgument => BuiltinException::ValueError,
            Self::Timeout => BuiltinException::TimeoutError,
            Self::Connection => BuiltinException::ConnectionError,
            Self::LimitExceeded | Self::Io | Self::CrossDevice => BuiltinException::OSError,
        }
    }

    /// The Linux errno CPython's message would start with (`[Errno 13] ...`), if any.
    #[must_use]
    pub const fn errno(self) -> Option<u32> {
        match self {
            Self::PermissionDenied => Some(13),
            Self::NotFound => Some(2),
            Self::AlreadyExists => Some(17),
            Self::IsADirectory => Some(21),
            Self::NotADirectory => Some(20),
            Self::Timeout => Some(110),
            Self::CrossDevice => Some(18),
            Self::Connection => Some(111),
            Self::InvalidPath | Self::InvalidArgument | Self::LimitExceeded | Self::Io => None,
        }
    }
}
