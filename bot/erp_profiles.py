"""Column headers of the subcontract-order (委外订单) exports of the two ERPs Chinese plants
use most, so such an export imports as it is.

Where the names come from (public material, checked while writing this; no vendor manual
was at hand, so each list is what those sources show, not a complete field catalogue):

Kingdee K/3 Cloud (金蝶云星空), bill SUB_SUBREQORDER (委外订单), tables T_SUB_REQORDER /
T_SUB_REQORDERENTRY. A list export shows the field captions:
- 单据编号 (FBillNo), 日期 (FDate), 物料编码 (FMaterialId), 物料名称, 数量 (FQty),
  单位, 计划开工时间 (FPlanStartDate), 计划完工时间 (FPlanFinishDate), 供应商 (FSupplierId),
  序号 / 行号 (FSeq, the entry line; 序号 is not read as a line number: plain sheets use it
  to count rows, so a Kingdee export should keep 行号 or 分录行号).
  Sources: github.com/chenyuzt111/APS, src/main/java/com/benewake/system/entity/kingdee/
  KingdeeOutsourcedOrder.java (FBillNo 单据编号, FMaterialId 物料编码, FQty 数量); github.com/
  testTKW/Controls, get（sql）/WPLAN_OUTS.sql (T_SUB_REQORDERENTRY: FSEQ, FPLANSTARTDATE,
  FPLANFINISHDATE, FSUPPLIERID); Kingdee executeBillQuery metadata of 委外领料 (BillNo
  labelled 单据编号), nameidi.com/n/w7g310qw.html. 交货日期 is the caption of the delivery
  date on Kingdee purchase-side bills and appears in the issue's sample export.
Yonyou U8 (用友U8), 委外订单 (tables OM_MOMain / OM_MODetails). A list export shows:
- 订单编号 (cCode), 订单日期 (dDate), 供应商编码 (cVenCode), 供应商 / 供应商简称, 行号
  (ivouchrowno), 存货编码 (cInvCode), 存货名称 (cInvName), 主计量 (unit), 数量 (iQuantity),
  计划到货日期 (dArriveDate), 计划下达日期 (dStartDate), 备注.
  Sources: the column names U8's OM_MODetails uses (cInvCode, iQuantity, dArriveDate) as
  cited in integration code; the captions 存货编码 and 计划到货日期 are the ones the issue
  quotes from a real U8 export. No public U8 export file was found to check further.

The plan date an export gives for the finished goods (计划完工时间, 计划到货日期, 交货日期)
is our due date; the bill date (日期, 订单日期, 单据日期) our release date.
"""

from __future__ import annotations

ERP_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "po": ("单据编号", "委外订单号", "委外单号", "FBillNo", "cCode"),
    "line": ("行号", "分录行号", "订单行号", "Line", "Line No", "FSeq", "ivouchrowno"),
    "supplier_code": ("供应商代码", "FSupplierId.FNumber", "cVenCode"),
    "supplier": ("供应商简称", "委外供应商", "加工单位", "FSupplierId"),
    "part_no": ("存货编码", "物料代码", "FMaterialId", "cInvCode"),
    "part_name": ("存货名称", "FMaterialName", "cInvName"),
    "quantity": ("委外数量", "FQty", "iQuantity"),
    "unit": ("主计量", "计量单位", "单位名称"),
    "release_date": ("单据日期", "日期", "计划下达日期", "FDate", "dDate"),
    "due_date": ("计划完工时间", "计划完工日期", "计划到货日期", "到货日期", "FPlanFinishDate", "dArriveDate"),
}
