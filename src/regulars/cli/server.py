"""Serving the dashboard and API, and managing who may use them."""

from __future__ import annotations

from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.vocabulary import Role

user_app = typer.Typer(
    help="People who may use the dashboard and API: add, list, remove, new API key.",
    no_args_is_help=True,
)
app.add_typer(user_app, name="user")


def _print_credentials(creds) -> None:
    out.print(f"[bold]{creds.username}[/] ({creds.role}) — shown once, only hashes are kept:")
    out.print(f"  password: {creds.password}")
    out.print(f"  API key:  {creds.api_key}")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--pool", help="Database connections for concurrent requests.")
    ] = 4,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Serve the dashboard and the REST API. The first start creates the owner and prints its
    password once.

    Example: regulars serve --port 8000
    """
    import uvicorn

    from regulars.app import create_app
    from regulars.services.accounts import ensure_owner

    with workspace(workspace_dir, database, as_json, create=True) as ws:
        ws.init()
        creds = ensure_owner(ws)
        settings = ws.settings
    url = f"http://{host}:{port}/"
    emit(
        as_json,
        {"url": url, "owner": creds.__dict__ if creds else None},
        lambda: (
            _print_credentials(creds) if creds else None,
            out.print(f"Regulars is at {url} (Ctrl+C stops it)"),
        ),
    )
    uvicorn.run(
        create_app(settings, pool_size=workers),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


@user_app.command("add")
def user_add(
    username: str,
    role: Annotated[Role, typer.Option("--role", help="What they may do.")] = Role.VIEWER,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a person; prints their one-time password and API key.

    Example: regulars user add sam --role analyst
    """
    from regulars.services.accounts import add_user

    with workspace(workspace_dir, database, as_json) as ws:
        creds = add_user(ws, username, role)
        emit(as_json, creds.__dict__, lambda: _print_credentials(creds))


@user_app.command("list")
def user_list(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """List people and their roles.

    Example: regulars user list --json
    """
    from regulars.services.accounts import list_users

    with workspace(workspace_dir, database, as_json) as ws:
        users = list_users(ws)
        emit(
            as_json,
            users,
            lambda: [
                out.print(f"{u.username}\t{u.role}\tsince {u.created_at[:10]}") for u in users
            ],
        )


@user_app.command("remove")
def user_remove(
    username: str,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Remove a person, their API keys and sessions.

    Example: regulars user remove sam
    """
    from regulars.services.accounts import remove_user

    with workspace(workspace_dir, database, as_json) as ws:
        remove_user(ws, username)
        emit(as_json, {"removed": username}, lambda: out.print(f"Removed {username}"))


@user_app.command("key")
def user_key(
    username: str,
    label: Annotated[str | None, typer.Option("--label", help="What the key is for.")] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Make a new API key for a person (shown once).

    Example: regulars user key sam --label "reporting script"
    """
    from regulars.services.accounts import new_api_key

    with workspace(workspace_dir, database, as_json) as ws:
        key = new_api_key(ws, username, label)
        emit(
            as_json,
            {"username": username, "api_key": key},
            lambda: out.print(f"API key for {username} (shown once): {key}"),
        )


@user_app.command("revoke-key")
def user_revoke_key(
    key: Annotated[
        str, typer.Argument(help="The API key to end (the person's others still work).")
    ],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """End one API key.

    Example: regulars user revoke-key rk_...
    """
    from regulars.services.accounts import revoke_api_key

    with workspace(workspace_dir, database, as_json) as ws:
        revoke_api_key(ws, key)
        emit(as_json, {"revoked": True}, lambda: out.print("API key revoked"))


@user_app.command("reset-password")
def user_reset_password(
    username: str,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Give a person (the owner who lost theirs) a new one-time password; their sessions end.

    Example: regulars user reset-password owner
    """
    from regulars.services.accounts import reset_password

    with workspace(workspace_dir, database, as_json) as ws:
        password = reset_password(ws, username)
        emit(
            as_json,
            {"username": username, "password": password},
            lambda: out.print(f"New password for {username} (shown once): {password}"),
        )
