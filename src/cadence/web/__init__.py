"""The phone's check-in page: `cadence serve`, or the daemon with `[serve] enabled = true`.

`settings`, `tokens`, `limits` and `site` load no web framework, so `cadence
devices` and the daemon without `[serve]` pay nothing for it; `app`, `pages`,
`server` and `qr` are the only modules that import Starlette, uvicorn, Jinja2
or segno (an import-linter contract keeps it so). Every write goes through the
one write path (`cadence.record`) with `source = "web"`.
"""
