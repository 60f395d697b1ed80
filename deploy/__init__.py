"""Serving the app from several processes behind nginx, on one shared PostgreSQL.

``python -m deploy.cluster start|stop|status|run`` runs it on one machine
(see the README's "Serving many visitors" section); ``deploy/nginx/`` holds
the nginx templates and ``deploy/systemd/`` example units for a server.
"""
