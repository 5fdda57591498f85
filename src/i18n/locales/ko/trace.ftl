# 트레이스한 프로그램이 어떻게 끝났는지: ipclab이 끝냈거나 ipclab이 중단되었을 때
# (src/trace.rs, describe_outcome; `ipclab trace`와 `ipclab run`).

trace-timed-out = 프로그램이 제한 시간 안에 끝나지 않아 강제 종료했습니다
trace-interrupted = ipclab이 { $signal } 시그널로 중단되어, 트레이스하던 프로그램을 강제 종료했습니다
trace-too-many-processes = 프로그램이 한꺼번에 프로세스를 { $count }개 넘게 가지고 있어 강제 종료했습니다
trace-too-many-threads = 프로그램이 한꺼번에 스레드를 { $count }개 넘게 가지고 있어 강제 종료했습니다
trace-interrupted-exited = ipclab이 { $signal } 시그널로 중단되었고, 프로그램은 스스로 끝났습니다(종료 상태 { $code })
trace-interrupted-killed = ipclab이 { $signal } 시그널로 중단되었고, 프로그램은 스스로 끝났습니다({ $by } 시그널로 종료됨)
