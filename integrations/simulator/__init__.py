"""Local simulator of Maskinporten (TEST) and Skatteetaten's Summert skattegrunnlag API V2.

Run it with ``python -m integrations.simulator serve``; see docs/simulator.md. The package imports only
the standard library, PyJWT and cryptography, never Django nor the real clients in ``integrations``:
a simulator that shares code with the client it tests proves nothing.
"""
