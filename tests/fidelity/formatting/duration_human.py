def human(seconds):
    h, rem = divmod(int(seconds), 3600)
    m, s = divmod(rem, 60)
    parts = []
    if h:
        parts.append(f"{h}h")
    if m:
        parts.append(f"{m}m")
    if s or not parts:
        parts.append(f"{s}s")
    return " ".join(parts)

for secs in [0, 5, 59, 60, 61, 3599, 3600, 3725, 86399, 90061]:
    print(f"{secs:>6} -> {human(secs):>10} | {secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}")

def size(n):
    for unit in ["B", "KB", "MB", "GB", "TB"]:
        if n < 1024:
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} {unit}"
        n /= 1024
    return f"{n:.1f} PB"

for n in [512, 2048, 1536000, 5 * 1024 ** 3, 3 * 1024 ** 5]:
    print(size(n))
