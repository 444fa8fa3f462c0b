// The relations a table's records can expand, derived from the foreignKeys of the datasource's tables with the
// API's naming rule (README "Querying records"): a to-one relation per foreign key of the table, named after the
// field without `_id` (else the referenced table), a to-many one per foreign key referencing it, named after the
// referencing table; a name that two relations share or that equals a field becomes `<name>_by_<key fields>`.
import * as api from "./api.js";

export async function relationsOf(ctx) {
  const page = await api.get(api.dsPath(ctx.app, ctx.ds) + "datatables/?page_size=1000");
  const tables = page.results;
  const self = ctx.table;
  const candidates = [];
  for (const fk of self.json_schema?.foreignKeys || []) {
    const fields = [].concat(fk.fields);
    const target = fk.reference?.resource ? tables.find((t) => t.name === fk.reference.resource) : self;
    if (!target) continue;
    const base = fields.length === 1 && fields[0].endsWith("_id") && fields[0].length > 3 ? fields[0].slice(0, -3) : target.name;
    candidates.push({ base, fields, table: target.name, schema: target.json_schema, many: false });
  }
  for (const other of tables) {
    for (const fk of other.json_schema?.foreignKeys || []) {
      const resource = fk.reference?.resource || other.name;
      if (resource !== self.name) continue;
      candidates.push({ base: other.name, fields: [].concat(fk.fields), table: other.name, schema: other.json_schema, many: true });
    }
  }
  const fieldNames = new Set((self.json_schema?.fields || []).map((f) => f.name));
  return candidates.map((c) => {
    const clash = fieldNames.has(c.base) || candidates.filter((o) => o.base === c.base).length > 1;
    return { ...c, name: clash ? `${c.base}_by_${c.fields.join("_")}` : c.base };
  });
}
