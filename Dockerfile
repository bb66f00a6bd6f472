# One image for web, worker and beat (docker-compose.yml chooses the command).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SKATTEDELING_ENV=production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The exact, hash-checked dependencies first (their own layer), then the project without dependencies.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY pyproject.toml README.md ./
COPY skattedeling skattedeling
COPY cases cases
COPY integrations integrations
COPY templates templates
COPY static static
COPY manage.py ./
RUN pip install --no-cache-dir --no-deps . \
 && DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 skattedeling && mkdir -p /data && chown skattedeling /data
USER skattedeling
EXPOSE 8000
CMD ["gunicorn", "skattedeling.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
