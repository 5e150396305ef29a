<#ftl output_format="Markdown" strip_whitespace=true>
<#--
  compare.md: short, for a pull-request comment: the summary per target and the checks that differ. The
  rows with an outcome in some columns only, and those the same everywhere, are counted, not listed
  (compare.html lists them). Every interpolation is escaped for Markdown.
-->
**${view.columns?size} targets side by side: <#if view.differing == 0>no check differs<#elseif view.differing == 1>1 check differs<#else>${view.differing} checks differ</#if>**

<sub>${view.tool} · suites: <#list view.suiteVersions as v>${v}<#sep>; </#sep></#list><#if view.filter?has_content> · filter: ${view.filter}</#if></sub>
<#if view.checkListNotes?has_content>

**The columns ran different check lists:**
<#list view.checkListNotes as n>
- ${n}
</#list>
</#if>

| | <#list view.columns as c>${c.number}. ${c.label}<#sep> | </#sep></#list> |
|---|<#list view.columns as c>---|</#list>
| Level held | <#list view.levelRow as l>${l.text}<#sep> | </#sep></#list> |
<#list view.capabilities as cap>
| ${cap.name} | <#list cap.cells as cell>${cell.text}<#sep> | </#sep></#list> |
</#list>
| Checks selected | <#list view.columns as c><#if c.error?has_content>not reached: ${c.error}<#else><#list c.tallies as t>${t}<#sep>, </#sep></#list></#if><#sep> | </#sep></#list> |
| Suite, finished | <#list view.columns as c>kconform ${c.toolVersion}, ${c.finished}<#sep> | </#sep></#list> |
<#list view.sections as s>
<#if s.kind == "DIFFERENT" || view.filter?has_content>

**${s.title}**

| Check | <#list view.columns as c>${c.number}<#sep> | </#sep></#list> |
|---|<#list view.columns as c>---|</#list>
<#list s.listed as r>
| `${r.id}` | <#list r.cells as cell>${cell.label}<#sep> | </#sep></#list> |
</#list>
<#if s.condensed gt 0>

And ${s.condensed} sweep checks of API versions some targets do not advertise (PASS against SKIPPED): compare.html lists them.
</#if>
<#else>

${s.title}: compare.html lists them.
</#if>
</#list>
