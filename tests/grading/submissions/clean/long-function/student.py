"""The reference, with a retry policy that keeps a plain-English account of
its configuration for its logs. It behaves as the reference does; the
account is one function of some 200 lines, which the design signals flag
for the person who grades the design."""
import reference_patterns
from reference_patterns import *  # noqa: F401,F403


def account_of(config):
    text = []
    attempts = config["max_attempts"]
    if attempts == 1:
        text.append("It makes at most 1 attempt, the first included.")
        text.append("So it never retries.")
    if attempts == 2:
        text.append("It makes at most 2 attempts, the first included.")
        text.append("So it retries up to 1 time.")
    if attempts == 3:
        text.append("It makes at most 3 attempts, the first included.")
        text.append("So it retries up to 2 times.")
    if attempts == 4:
        text.append("It makes at most 4 attempts, the first included.")
        text.append("So it retries up to 3 times.")
    if attempts == 5:
        text.append("It makes at most 5 attempts, the first included.")
        text.append("So it retries up to 4 times.")
    if attempts == 6:
        text.append("It makes at most 6 attempts, the first included.")
        text.append("So it retries up to 5 times.")
    if attempts == 7:
        text.append("It makes at most 7 attempts, the first included.")
        text.append("So it retries up to 6 times.")
    if attempts == 8:
        text.append("It makes at most 8 attempts, the first included.")
        text.append("So it retries up to 7 times.")
    if attempts == 9:
        text.append("It makes at most 9 attempts, the first included.")
        text.append("So it retries up to 8 times.")
    if attempts == 10:
        text.append("It makes at most 10 attempts, the first included.")
        text.append("So it retries up to 9 times.")
    if attempts == 11:
        text.append("It makes at most 11 attempts, the first included.")
        text.append("So it retries up to 10 times.")
    if attempts == 12:
        text.append("It makes at most 12 attempts, the first included.")
        text.append("So it retries up to 11 times.")
    if attempts == 13:
        text.append("It makes at most 13 attempts, the first included.")
        text.append("So it retries up to 12 times.")
    if attempts == 14:
        text.append("It makes at most 14 attempts, the first included.")
        text.append("So it retries up to 13 times.")
    if attempts == 15:
        text.append("It makes at most 15 attempts, the first included.")
        text.append("So it retries up to 14 times.")
    if attempts == 16:
        text.append("It makes at most 16 attempts, the first included.")
        text.append("So it retries up to 15 times.")
    if attempts == 17:
        text.append("It makes at most 17 attempts, the first included.")
        text.append("So it retries up to 16 times.")
    if attempts == 18:
        text.append("It makes at most 18 attempts, the first included.")
        text.append("So it retries up to 17 times.")
    if attempts == 19:
        text.append("It makes at most 19 attempts, the first included.")
        text.append("So it retries up to 18 times.")
    if attempts == 20:
        text.append("It makes at most 20 attempts, the first included.")
        text.append("So it retries up to 19 times.")
    if attempts == 21:
        text.append("It makes at most 21 attempts, the first included.")
        text.append("So it retries up to 20 times.")
    if attempts == 22:
        text.append("It makes at most 22 attempts, the first included.")
        text.append("So it retries up to 21 times.")
    if attempts == 23:
        text.append("It makes at most 23 attempts, the first included.")
        text.append("So it retries up to 22 times.")
    if attempts == 24:
        text.append("It makes at most 24 attempts, the first included.")
        text.append("So it retries up to 23 times.")
    if attempts == 25:
        text.append("It makes at most 25 attempts, the first included.")
        text.append("So it retries up to 24 times.")
    if attempts == 26:
        text.append("It makes at most 26 attempts, the first included.")
        text.append("So it retries up to 25 times.")
    if attempts == 27:
        text.append("It makes at most 27 attempts, the first included.")
        text.append("So it retries up to 26 times.")
    if attempts == 28:
        text.append("It makes at most 28 attempts, the first included.")
        text.append("So it retries up to 27 times.")
    if attempts == 29:
        text.append("It makes at most 29 attempts, the first included.")
        text.append("So it retries up to 28 times.")
    if attempts == 30:
        text.append("It makes at most 30 attempts, the first included.")
        text.append("So it retries up to 29 times.")
    if attempts == 31:
        text.append("It makes at most 31 attempts, the first included.")
        text.append("So it retries up to 30 times.")
    if attempts == 32:
        text.append("It makes at most 32 attempts, the first included.")
        text.append("So it retries up to 31 times.")
    if attempts == 33:
        text.append("It makes at most 33 attempts, the first included.")
        text.append("So it retries up to 32 times.")
    if attempts == 34:
        text.append("It makes at most 34 attempts, the first included.")
        text.append("So it retries up to 33 times.")
    if attempts == 35:
        text.append("It makes at most 35 attempts, the first included.")
        text.append("So it retries up to 34 times.")
    if attempts == 36:
        text.append("It makes at most 36 attempts, the first included.")
        text.append("So it retries up to 35 times.")
    if attempts == 37:
        text.append("It makes at most 37 attempts, the first included.")
        text.append("So it retries up to 36 times.")
    if attempts == 38:
        text.append("It makes at most 38 attempts, the first included.")
        text.append("So it retries up to 37 times.")
    if attempts == 39:
        text.append("It makes at most 39 attempts, the first included.")
        text.append("So it retries up to 38 times.")
    if attempts == 40:
        text.append("It makes at most 40 attempts, the first included.")
        text.append("So it retries up to 39 times.")
    if attempts == 41:
        text.append("It makes at most 41 attempts, the first included.")
        text.append("So it retries up to 40 times.")
    if attempts == 42:
        text.append("It makes at most 42 attempts, the first included.")
        text.append("So it retries up to 41 times.")
    if attempts == 43:
        text.append("It makes at most 43 attempts, the first included.")
        text.append("So it retries up to 42 times.")
    if attempts == 44:
        text.append("It makes at most 44 attempts, the first included.")
        text.append("So it retries up to 43 times.")
    if attempts == 45:
        text.append("It makes at most 45 attempts, the first included.")
        text.append("So it retries up to 44 times.")
    if attempts == 46:
        text.append("It makes at most 46 attempts, the first included.")
        text.append("So it retries up to 45 times.")
    if attempts == 47:
        text.append("It makes at most 47 attempts, the first included.")
        text.append("So it retries up to 46 times.")
    if attempts == 48:
        text.append("It makes at most 48 attempts, the first included.")
        text.append("So it retries up to 47 times.")
    if attempts == 49:
        text.append("It makes at most 49 attempts, the first included.")
        text.append("So it retries up to 48 times.")
    if attempts == 50:
        text.append("It makes at most 50 attempts, the first included.")
        text.append("So it retries up to 49 times.")
    if attempts == 51:
        text.append("It makes at most 51 attempts, the first included.")
        text.append("So it retries up to 50 times.")
    if attempts == 52:
        text.append("It makes at most 52 attempts, the first included.")
        text.append("So it retries up to 51 times.")
    if attempts == 53:
        text.append("It makes at most 53 attempts, the first included.")
        text.append("So it retries up to 52 times.")
    if attempts == 54:
        text.append("It makes at most 54 attempts, the first included.")
        text.append("So it retries up to 53 times.")
    if attempts == 55:
        text.append("It makes at most 55 attempts, the first included.")
        text.append("So it retries up to 54 times.")
    if attempts > 55:
        text.append("It makes more than fifty-five attempts: a retry storm waiting for its outage.")
    if config["backoff"]["kind"] == "fixed":
        text.append("Between attempts it waits the same delay every time,")
        text.append("starting at %s s." % config["backoff"]["initial_s"])
    if config["backoff"]["kind"] == "linear":
        text.append("Between attempts it waits a delay that grows by the same step,")
        text.append("starting at %s s." % config["backoff"]["initial_s"])
    if config["backoff"]["kind"] == "exponential":
        text.append("Between attempts it waits a delay that multiplies at each retry,")
        text.append("starting at %s s." % config["backoff"]["initial_s"])
    if config["jitter"] == "none":
        text.append("Each delay is exactly as computed.")
    if config["jitter"] == "full":
        text.append("Each delay is a uniform draw between nothing and the computed delay.")
    if config["jitter"] == "equal":
        text.append("Each delay is half the computed delay plus a uniform draw of the other half.")
    if config["jitter"] == "decorrelated":
        text.append("Each delay is a draw between the initial delay and three times the previous one.")
    if config["jitter"] == "proportional":
        text.append("Each delay is the computed delay moved by up to a fraction either way.")
    if "error" in config["retry_on"]:
        text.append("An attempt that ended error is retried.")
    if "timeout" in config["retry_on"]:
        text.append("An attempt that ended timeout is retried.")
    if "unavailable" in config["retry_on"]:
        text.append("An attempt that ended unavailable is retried.")
    if "rejected" in config["retry_on"]:
        text.append("An attempt that ended rejected is retried.")
    if "overloaded" in config["retry_on"]:
        text.append("An attempt that ended overloaded is retried.")
    if not config["retry_on"]:
        text.append("Nothing is retried.")
    return " ".join(text)


class RetryPolicy(reference_patterns.RetryPolicy):
    def __init__(self, config):
        super().__init__(config)
        self.account = account_of(config)
