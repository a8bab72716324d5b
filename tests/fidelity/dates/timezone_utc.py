from datetime import datetime, timezone, timedelta
utc = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
print(utc.isoformat())
est = timezone(timedelta(hours=-5))
print(utc.astimezone(est).isoformat())
print(datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp())
print(datetime.fromtimestamp(86400 * 365, tz=timezone.utc))
