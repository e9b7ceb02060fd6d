//! Gazette patch (see VENDORED.md): a deadline for receiving each request's head.

use std::io::{Error as IoError, ErrorKind};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bounds the time from the first read for a request's head (the connection idle, then the
/// request line and headers arriving) to the end of that head, however slowly the bytes come.
///
/// Shared by a connection, which arms the clock before each head and disarms it after, and the
/// read half of its socket, which starts the clock on its first read and gives each read what
/// is left as its timeout. Outside a head every read waits at most the limit.
pub struct HeadClock {
    limit: Duration,
    state: Mutex<State>,
}

enum State {
    Off,
    Armed,
    Running(Instant),
}

impl HeadClock {
    /// A clock allowing `limit` per head.
    pub fn new(limit: Duration) -> HeadClock {
        HeadClock {
            limit,
            state: Mutex::new(State::Off),
        }
    }

    /// A head is about to be read: the clock starts on the next read.
    pub fn arm(&self) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = State::Armed;
    }

    /// The head was read.
    pub fn disarm(&self) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = State::Off;
    }

    /// The timeout for the next read of the socket, or `TimedOut` once the head's time is up.
    pub fn next_read_timeout(&self) -> Result<Duration, IoError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match *state {
            State::Off => Ok(self.limit),
            State::Armed => {
                *state = State::Running(Instant::now() + self.limit);
                Ok(self.limit)
            }
            State::Running(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    Err(IoError::new(ErrorKind::TimedOut, "request head timed out"))
                } else {
                    Ok(left)
                }
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::HeadClock;
    use std::time::Duration;

    #[test]
    fn a_head_gets_its_limit_in_total() {
        let clock = HeadClock::new(Duration::from_millis(50));
        assert_eq!(clock.next_read_timeout().unwrap(), Duration::from_millis(50));
        clock.arm();
        assert_eq!(clock.next_read_timeout().unwrap(), Duration::from_millis(50));
        std::thread::sleep(Duration::from_millis(20));
        assert!(clock.next_read_timeout().unwrap() <= Duration::from_millis(30));
        std::thread::sleep(Duration::from_millis(40));
        assert!(clock.next_read_timeout().is_err());
        clock.disarm();
        assert_eq!(clock.next_read_timeout().unwrap(), Duration::from_millis(50));
    }
}
