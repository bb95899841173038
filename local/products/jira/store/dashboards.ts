/**
 * Jira's dashboards as far as gadgets go: which gadgets a dashboard holds, in order, and each
 * one's configuration (what its edit view submitted with `view.submit`). Kept in the site's
 * database like the rest of Jira, so a configured gadget stays configured across a restart.
 */
import { isJsonObject, parseStoredJson, type JsonObject } from '../../json';
import { JiraArea } from './sql';

export interface DashboardGadget {
  id: string;
  moduleKey: string;
  /** What the edit view submitted; undefined until it has (Jira then shows the edit view). */
  config: JsonObject | undefined;
}

export class DashboardStore extends JiraArea {
  /** The dashboard's gadgets, in the order they were added. */
  listGadgets(dashboardId: string): DashboardGadget[] {
    return this.sql<[string], { gadget_id: number; module_key: string; config: string | null }>(
      `SELECT gadget_id, module_key, config FROM jira_dashboard_gadgets
        WHERE dashboard_id = ? ORDER BY gadget_id`,
    )
      .all(dashboardId)
      .map((row) => {
        const config = row.config === null ? undefined : parseStoredJson(row.config);
        return {
          id: String(row.gadget_id),
          moduleKey: row.module_key,
          config: config !== undefined && isJsonObject(config) ? config : undefined,
        };
      });
  }

  /** Adds a gadget of `moduleKey`, unconfigured, with the next id on the dashboard. */
  addGadget(dashboardId: string, moduleKey: string): DashboardGadget {
    const row = this.sql<[string], { id: number | null }>(
      'SELECT MAX(gadget_id) AS id FROM jira_dashboard_gadgets WHERE dashboard_id = ?',
    ).get(dashboardId);
    const id = (row?.id ?? 0) + 1;
    this.sql(
      `INSERT INTO jira_dashboard_gadgets (dashboard_id, gadget_id, module_key, config)
         VALUES (?, ?, ?, NULL)`,
    ).run(dashboardId, id, moduleKey);
    return { id: String(id), moduleKey, config: undefined };
  }

  /** Replaces a gadget's configuration; false when the dashboard has no such gadget. */
  setGadgetConfig(dashboardId: string, gadgetId: string, config: JsonObject): boolean {
    const id = Number(gadgetId);
    if (!Number.isSafeInteger(id)) return false;
    const result = this.sql(
      'UPDATE jira_dashboard_gadgets SET config = ? WHERE dashboard_id = ? AND gadget_id = ?',
    ).run(JSON.stringify(config), dashboardId, id);
    return result.changes > 0;
  }
}
