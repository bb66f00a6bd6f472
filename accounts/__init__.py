"""Staff login: password login with lockout (django-axes), OpenID Connect login through the kommune's
identity provider (Authlib), and session idle/absolute timeouts. See docs/login.md."""
