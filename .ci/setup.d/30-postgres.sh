# PostgreSQL for PostgresSessionStoreIT and the store benchmarks: installs Debian's postgresql package if missing,
# starts a throwaway cluster on 127.0.0.1 in a temporary folder on a free port (as the postgres system user, since
# PostgreSQL refuses to run as root), creates a database and a user with a password, and exports
# OBRA_TEST_POSTGRES_URL. The cluster is stopped and its folder removed on exit (ci_on_exit).

if ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
OBRA_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

# A port nothing listens on: bash's /dev/tcp fails to connect to a free one.
obra_pg_port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    obra_pg_port="$candidate"
    break
  fi
done
[ -n "$obra_pg_port" ] || { echo "no free port for PostgreSQL" >&2; return 1; }

OBRA_PG_DIR="$(mktemp -d /tmp/obra-pg.XXXXXX)"
chown postgres:postgres "$OBRA_PG_DIR"
chmod 700 "$OBRA_PG_DIR"
obra_pg_password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
ci_on_exit "runuser -u postgres -- '$OBRA_PG_BIN/pg_ctl' -D '$OBRA_PG_DIR/data' -m fast -w stop >/dev/null; rm -rf '$OBRA_PG_DIR'"

runuser -u postgres -- "$OBRA_PG_BIN/initdb" -D "$OBRA_PG_DIR/data" -U postgres --auth-local=trust \
  --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$OBRA_PG_DIR/initdb.log"
runuser -u postgres -- "$OBRA_PG_BIN/pg_ctl" -D "$OBRA_PG_DIR/data" -l "$OBRA_PG_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $obra_pg_port -k $OBRA_PG_DIR" start >/dev/null
runuser -u postgres -- "$OBRA_PG_BIN/psql" -h "$OBRA_PG_DIR" -p "$obra_pg_port" -U postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE obra LOGIN PASSWORD '$obra_pg_password'" -c "CREATE DATABASE obra_test OWNER obra"

export OBRA_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$obra_pg_port/obra_test?user=obra&password=$obra_pg_password"
echo "PostgreSQL $("$OBRA_PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$obra_pg_port (OBRA_TEST_POSTGRES_URL)"
