// How a trainer process is started; the run controller and the bench start it the same way.

/**
 * Node flags of a trainer process. A step makes thousands of short-lived tensor objects; with
 * V8's default 16 MiB semi-spaces the young generation alone held ~30 MiB of them between
 * scavenges. 4 MiB semi-spaces keep a trainer's peak RSS ~25-30 MiB lower for no measurable CPU
 * time (bench/README.md, "Peak memory").
 */
export const TRAINER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
