# Sourced by bench/import.sh and bench/export.sh (from the repository root, after start_packaged_service):
#   create_products_table BASE TENANT
# creates app `bench`, flat_table datasource `flat` and the `products` table (the products shape of issue 14's
# benchmarks) as TENANT.
create_products_table() {
  local base=$1 tenant=$2
  api() {  # method, path, body
    curl -sf -X "$1" -H "X-Tenant: ${tenant}" -H 'Content-Type: application/json' "${base}$2" -d "$3" >/dev/null
  }
  api POST /api/apps/ '{"name":"bench","slug":"bench"}'
  api POST /api/apps/bench/datasources/ '{"name":"flat","slug":"flat","provider_type":"flat_table"}'
  api POST /api/apps/bench/datasources/flat/datatables/ '{"name":"products","json_schema":{"fields":[
    {"name":"id","type":"integer"},{"name":"sku","type":"string"},{"name":"name","type":"string"},
    {"name":"category","type":"string"},{"name":"price","type":"number"},{"name":"stock","type":"integer"},
    {"name":"active","type":"boolean"},{"name":"released","type":"date"}],"primaryKey":["id"]}}'
}
