daily = [12.5, 7.25, 0.0, 19.75, 3.5, 11.0, 8.25]
running = []
total = 0
for x in daily:
    total += x
    running.append(total)
print(running)
avg = sum(daily) / len(daily)
print(f"avg={avg:.3f} max={max(daily)} min={min(daily)}")
above = [i for i, x in enumerate(daily) if x > avg]
print("days above average:", above)
window = 3
moving = [round(sum(daily[i:i + window]) / window, 2) for i in range(len(daily) - window + 1)]
print(moving)
