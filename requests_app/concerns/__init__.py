"""The concern register (舆情台账): public concern the Office notices, the department
responsible, the response timers of 国办发〔2016〕61号 and 80号 counted in real hours, and
the link to the published 回应关切 item that answers it."""
