from ninja import Router

router = Router(tags=["考场编排 arrangement"])
