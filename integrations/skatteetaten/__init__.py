"""Skatteetaten Summert skattegrunnlag V2: client, tolerant schema, error mapping, classification."""
