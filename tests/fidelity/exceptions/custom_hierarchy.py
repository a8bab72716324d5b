class AppError(Exception):
    def __init__(self, message, code=500):
        super().__init__(message)
        self.code = code

class NotFound(AppError):
    def __init__(self, resource):
        super().__init__(f"{resource} not found", 404)

class Forbidden(AppError):
    pass

for exc in [NotFound("user 7"), Forbidden("no access", 403), AppError("boom")]:
    try:
        raise exc
    except NotFound as e:
        print("404 handler:", e, e.code)
    except AppError as e:
        print("generic handler:", type(e).__name__, e, e.code, e.args)
