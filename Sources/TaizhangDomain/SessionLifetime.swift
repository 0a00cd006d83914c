/// How long a password sign-in stands before the person must sign in again: a working day and
/// its evening, so a liaison is not sent to the sign-in page mid-task, while a session left open
/// on a shared office computer ends by the next morning.
public enum SessionLifetime {
    public static let seconds = 12 * 3600
}
