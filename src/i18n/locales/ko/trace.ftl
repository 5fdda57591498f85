# 트레이스한 프로그램이 어떻게 끝났는지: ipclab이 끝냈거나 ipclab이 중단되었을 때
# (src/trace.rs, describe_outcome; `ipclab trace`와 `ipclab run`).

trace-timed-out = 프로그램이 제한 시간 안에 끝나지 않아 종료시켰습니다
trace-interrupted = { $signal }(으)로 중단되어, 트레이스하던 프로그램을 종료시켰습니다
trace-too-many-processes = 프로그램이 한꺼번에 프로세스를 { $count }개 넘게 가지고 있어 종료시켰습니다
trace-too-many-threads = 프로그램이 한꺼번에 스레드를 { $count }개 넘게 가지고 있어 종료시켰습니다
trace-interrupted-exited = { $signal }(으)로 중단되었고, 프로그램은 스스로 끝났습니다(종료 상태 { $code })
trace-interrupted-killed = { $signal }(으)로 중단되었고, 프로그램은 스스로 끝났습니다({ $by }(으)로 죽음)
