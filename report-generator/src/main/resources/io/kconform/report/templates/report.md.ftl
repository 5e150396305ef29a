<#ftl output_format="Markdown" strip_whitespace=true>
<#--
  report.md: for pull-request comments. The Markdown output format escapes every interpolation
  (| * _ [ ] < > ` \ ~ &) and turns a line break into <br>, so text from the endpoint can neither
  break a table nor become markup. Only selected checks get rows: a comment must stay short.
-->
<#function icon outcome><#return {"PASS": "✅", "FAIL": "❌", "UNSUPPORTED": "➖", "SKIPPED": "⏭️", "ERROR": "⚠️",
  "NOT_RUN": "⏹️",
  "CERTIFIED": "✅", "NOT_CERTIFIED": "❌", "BLOCKED_BELOW": "⬇️", "NOT_ASSESSED": "➖"}[outcome]!"">
</#function>
<#if view.targets?size == 1>
**${view.targets[0].headline}**
<#else>
<#list view.targets as t>
- **${t.name}**: ${t.headline}
</#list>
</#if>

<sub>${view.tool} ${view.toolVersion} · ${view.baseline} baseline<#if view.startedAt?has_content> · started ${view.startedAt}</#if><#if view.duration?has_content> · took ${view.duration}</#if><#if view.selection?has_content> · selection: ${view.selection}</#if></sub>
<#if view.interrupted?has_content>

> **INTERRUPTED — the run was stopped before every check ran; what ran is reported, nothing more is certified.**<br>${view.interrupted}
</#if>
<#list view.targets as t>

## ${t.name} (${t.kind})
<#if view.targets?size != 1>

**${t.headline}**
</#if>

<#if t.description?has_content>${t.description} · </#if>fingerprint <#if t.fingerprint?has_content>${t.fingerprint}<#else>not probed</#if> · resource prefix <#if t.resourcePrefix?has_content>${t.resourcePrefix}<#else>none</#if> · ${t.duration}<#if !t.error?has_content><br></#if>
<#if t.error?has_content>

> **ERROR — the target could not be started or reached; no check ran and nothing is certified.**<br>${t.error}
<#else>
<#list t.tallies as c>${c.count} ${c.label}<#sep> · </#sep></#list>
</#if>
<#if t.levels?has_content && !t.error?has_content>

| Level | State | Why |
|---|---|---|
<#list t.levels as l>
| ${l.name} | ${icon(l.state)} ${l.stateLabel} | ${l.summary} |
</#list>
<#if t.capabilities?has_content>

| Capability (never decides a level) | State | Why |
|---|---|---|
<#list t.capabilities as c>
| ${c.name} | ${c.stateLabel} | ${c.summary} |
</#list>
</#if>
</#if>
<#list t.batteries as b>

### ${b.id} — <#list b.tallies as c>${c.count} ${c.label}<#sep>, </#sep></#list>

<#if b.selected?has_content>
| Outcome | Check | Level | Strength | Time | Message |
|---|---|---|---|--:|---|
<#list b.selected as c>
| ${icon(c.outcome)} ${c.label}<#if c.change?has_content> (since baseline: ${c.change})</#if> | `${c.id}` | ${c.level} | ${c.strength} | ${c.duration} | ${c.message}<#if c.open><#if c.message?has_content><br></#if>**Hint:** ${c.hint}</#if> |
</#list>
<#else>
No check of this battery was selected.
</#if>
<#if b.condensed gt 0>

${b.condensed} sweep checks that passed, or that the target makes no claim for, are summarised in the API-versions matrix below.
</#if>
</#list>
<#if t.matrix?has_content>

### API-versions matrix

| Key | API | Baseline | Target | Status | Sweep |
|--:|---|---|---|---|---|
<#list t.matrix as row>
| ${row.key} | ${row.name} | ${row.baseline} | <#if row.target?has_content>${row.target}<#else>not advertised</#if> | ${row.status} | <#list row.cells as cell>${cell.version} ${icon(cell.label?replace(" ", "_"))}<#sep> </#sep></#list> |
</#list>
</#if>
</#list>
