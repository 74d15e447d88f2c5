"""The HTTP plumbing the API and the dashboard share: who is asking (``auth``), the pooled
workspaces (``pool``), errors as problem details (``problems``), cached answers (``answers``),
uploaded files (``uploads``) and the parameters both take in the same shape (``parameters``).

It imports services only, never an adapter: the app factory (``regulars.app``) wires it to both.
"""
