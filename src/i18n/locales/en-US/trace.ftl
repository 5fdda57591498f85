# How a traced program ended, when ipclab ended it or was interrupted
# (src/trace.rs, describe_outcome; `ipclab trace` and `ipclab run`).

trace-timed-out = the program ran out of time and was killed
trace-interrupted = interrupted by { $signal }: the traced program was killed
trace-too-many-processes = the program held more than { $count } processes at once and was killed
trace-too-many-threads = the program held more than { $count } threads at once and was killed
trace-interrupted-exited = interrupted by { $signal }: the program ended on its own (exit status { $code })
trace-interrupted-killed = interrupted by { $signal }: the program ended on its own (killed by { $by })
