user = {"name": "Eve", "roles": ["admin", "dev"]}
print(f"User: {user['name']} ({', '.join(user['roles'])})")
print(f'{user["name"]!r:>10}')
print(f"{'-'.join(r.upper() for r in user['roles'])}")
msg = f"""multi
{user['name']}
line"""
print(msg)
print(f"{'a' + 'b'}{len(user)}{user['roles'][-1][0]}")
