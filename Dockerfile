FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.lock requirements-model.lock ./
RUN pip install --no-cache-dir -r requirements.lock \
    && pip install --no-cache-dir --require-hashes --no-deps -r requirements-model.lock
COPY . .
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
